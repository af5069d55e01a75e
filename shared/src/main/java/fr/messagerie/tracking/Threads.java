package fr.messagerie.tracking;

import fr.messagerie.common.Agent;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.StatusProjection;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
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
    private final AttachmentStore attachments;
    private final Clock clock;

    public Threads(DeliveryStore deliveries, LetterStore letters, AttachmentStore attachments, Clock clock) {
        this.deliveries = deliveries;
        this.letters = letters;
        this.attachments = attachments;
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

    public Thread thread(Agent agent, String deliveryId) {
        Delivery delivery = delivery(agent, deliveryId);
        Letter letter = letters.find(delivery.letterId()).orElseThrow();
        Instant now = clock.instant();
        List<DeliveryEvent> events = ReplyForAgent.events(letter.replyOptions(),
                DeliveryEvent.chronological(deliveries.events(deliveryId)), now);
        return new Thread(delivery, letter, letter.consultation(),
                attachments.ready(AttachmentStore.Owner.letter(letter.id())), events, StatusProjection.of(events),
                StatusProjection.failure(events),
                deliveries.reply(deliveryId).map(reply -> ReplyForAgent.of(letter, reply, now)));
    }

    /** The delivery alone, for actions that need nothing more to check the agent's access (one read). */
    public Delivery delivery(Agent agent, String deliveryId) {
        return Access.delivery(agent, deliveries.find(deliveryId));
    }
}
