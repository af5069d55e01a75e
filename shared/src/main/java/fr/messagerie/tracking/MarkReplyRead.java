package fr.messagerie.tracking;

import fr.messagerie.common.Agent;
import fr.messagerie.common.ProblemException;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.delivery.StatusProjection;
import fr.messagerie.recipient.ReplyForAgent;
import fr.messagerie.tracking.Threads.Thread;

import java.time.Clock;
import java.util.Map;

/** "Réponse lue": recorded once, with the agent who first opened the reply; never while it is sealed. */
public final class MarkReplyRead {
    private final Threads threads;
    private final RecordDeliveryEvent log;
    private final Clock clock;

    public MarkReplyRead(Threads threads, RecordDeliveryEvent log, Clock clock) {
        this.threads = threads;
        this.log = log;
        this.clock = clock;
    }

    public Thread mark(Agent agent, String deliveryId) {
        Thread thread = threads.thread(agent, deliveryId);
        ReplyForAgent reply = thread.reply().orElseThrow(() -> ProblemException.conflict("no-reply",
                "Le destinataire n'a pas encore répondu à ce courrier."));
        if (reply.sealed()) {
            throw ProblemException.forbidden("reply-sealed", reply.sealedNotice());
        }
        log.record(deliveryId, new DeliveryEvent("reply-read:" + deliveryId, EventType.REPLY_READ,
                clock.instant(), StatusProjection.latestAttempt(thread.events()), agent.id(),
                Map.of(DeliveryEvent.AGENT_NAME, agent.displayName())));
        return threads.thread(agent, deliveryId);
    }
}
