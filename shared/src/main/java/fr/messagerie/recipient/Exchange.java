package fr.messagerie.recipient;

import fr.messagerie.consultations.Consultation;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.letters.Letter;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One letter as its recipient sees it, reached through {@code token}; the consultation as the letter froze it. */
public record Exchange(String token, Delivery delivery, Letter letter, Consultation consultation,
                       List<Attachment> attachments, List<DeliveryEvent> events, Optional<Reply> reply,
                       List<Attachment> replyFiles) {

    public Optional<Instant> readAt() {
        return first(events, EventType.READ);
    }

    public Instant sentAt() {
        return first(events, EventType.SENT).orElse(delivery.createdAt());
    }

    public long replyRoom() {
        return AttachmentRules.REPLY_LIMIT - AttachmentRules.total(replyFiles);
    }

    public boolean replyClosed(Instant now) {
        return letter.replyOptions().isDeadlinePassed(now);
    }

    /** The reply form is offered: none sent yet, and the letter accepts a reply now (allowed, deadline ahead). */
    public boolean canReply(Instant now) {
        return reply.isEmpty() && letter.replyOptions().acceptsReplyAt(now);
    }

    /** When the first event of {@code type} happened, in the log's order. */
    static Optional<Instant> first(List<DeliveryEvent> events, EventType type) {
        return events.stream().filter(e -> e.type() == type).min(DeliveryEvent.ORDER).map(DeliveryEvent::at);
    }
}
