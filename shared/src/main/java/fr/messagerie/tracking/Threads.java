package fr.messagerie.tracking;

import fr.messagerie.common.Agent;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.StatusProjection;
import fr.messagerie.files.Attachment;
import fr.messagerie.letters.Access;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterStore;
import fr.messagerie.recipient.ReplyForAgent;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The thread of one delivery, as an agent of its organism sees it: on its detail screen and in its proof. */
public final class Threads {
    private final DeliveryStore deliveries;
    private final LetterStore letters;
    private final Clock clock;

    public Threads(DeliveryStore deliveries, LetterStore letters, Clock clock) {
        this.deliveries = deliveries;
        this.letters = letters;
        this.clock = clock;
    }

    /**
     * A delivery with everything its detail screen shows; the reply as the sealing rule lets agents see it, the
     * consultation as the letter froze it when sent.
     */
    public record Thread(Delivery delivery, Letter letter, Consultation consultation, List<Attachment> attachments,
                         List<DeliveryEvent> events, DeliveryStatus status, Optional<DeliveryEvent> failure,
                         Optional<ReplyForAgent> reply) {
    }

    /**
     * Two reads: the delivery's partition (the delivery, its events, its reply), then, once the agent's access is
     * checked, its letter's (the letter and its files).
     */
    public Thread thread(Agent agent, String deliveryId) {
        Optional<DeliveryStore.WithLog> found = deliveries.findWithLog(deliveryId);
        Delivery delivery = Access.delivery(agent, found.map(DeliveryStore.WithLog::delivery));
        LetterStore.WithFiles withFiles = letters.findWithFiles(delivery.letterId()).orElseThrow();
        Letter letter = withFiles.letter();
        Instant now = clock.instant();
        List<DeliveryEvent> events = ReplyForAgent.events(letter.replyOptions(),
                DeliveryEvent.chronological(found.get().events()), now);
        return new Thread(delivery, letter, letter.consultation(), withFiles.files(), events,
                StatusProjection.of(events), StatusProjection.failure(events),
                found.get().reply().map(reply -> ReplyForAgent.of(letter, reply, now)));
    }

    /** The delivery alone, for actions that need nothing more to check the agent's access (one read). */
    public Delivery delivery(Agent agent, String deliveryId) {
        return Access.delivery(agent, deliveries.find(deliveryId));
    }
}
