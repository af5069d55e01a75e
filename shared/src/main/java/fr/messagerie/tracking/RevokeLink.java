package fr.messagerie.tracking;

import fr.messagerie.common.Agent;
import fr.messagerie.common.ProblemException;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.delivery.StatusProjection;
import fr.messagerie.letters.SendMode;
import fr.messagerie.tracking.Threads.Thread;

import java.time.Clock;
import java.util.Map;

/**
 * "Lien d'accès désactivé": every page of the delivery's link answers "Lien invalide ou expiré" from then on.
 * Recorded once, with the agent, in the thread and the proof; the status stays what it was.
 */
public final class RevokeLink {
    private final Threads threads;
    private final RecordDeliveryEvent log;
    private final Clock clock;

    public RevokeLink(Threads threads, RecordDeliveryEvent log, Clock clock) {
        this.threads = threads;
        this.log = log;
        this.clock = clock;
    }

    public Thread revoke(Agent agent, String deliveryId) {
        Thread thread = threads.thread(agent, deliveryId);
        if (thread.letter().sendMode() != SendMode.ACCESS_LINK) {
            throw ProblemException.conflict("no-access-link", "Ce courrier a été envoyé par courrier électronique "
                    + "simple : il n'a pas de lien d'accès à désactiver.");
        }
        log.record(deliveryId, new DeliveryEvent("link-revoked:" + deliveryId, EventType.LINK_REVOKED,
                clock.instant(), StatusProjection.latestAttempt(thread.events()), agent.id(),
                Map.of(DeliveryEvent.AGENT_NAME, agent.displayName())));
        return threads.thread(agent, deliveryId);
    }
}
