package fr.messagerie.recipient;

import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;
import fr.messagerie.files.Attachment;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.ReplyOptions;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A reply as any agent-facing output may show it: while it is sealed, only when it was sent and when it will be
 * readable; its body and files only afterwards. The events of the delivery go through {@link #events} for the same
 * reason: every agent view (thread, tracking list, letter, files, PDF proof) asks this class.
 */
public record ReplyForAgent(Instant sentAt, boolean sealed, String sealedNotice, String body, List<Attachment> files) {

    public static ReplyForAgent of(Letter letter, Reply reply, Instant now) {
        return of(letter.replyOptions(), reply.sentAt(), reply.body(), reply.attachments(), now);
    }

    /** @param body the reply's body, or the excerpt a line of the tracking list keeps of it */
    public static ReplyForAgent of(ReplyOptions options, Instant sentAt, String body, List<Attachment> files,
                                   Instant now) {
        if (ReplySealing.isSealed(options, now)) {
            return new ReplyForAgent(sentAt, true, ReplySealing.notice(options), null, List.of());
        }
        return new ReplyForAgent(sentAt, false, null, body, files);
    }

    /**
     * A delivery's events as agents may read them. While the reply is sealed its "R" event keeps its time and author
     * but none of its details: the names, sizes and SHA-256 of the body and files it records would give away the
     * content (a short reply, a price, is found by hashing guesses). The stored event keeps them as evidence.
     */
    public static List<DeliveryEvent> events(ReplyOptions options, List<DeliveryEvent> events, Instant now) {
        if (!ReplySealing.isSealed(options, now)) {
            return events;
        }
        return events.stream().map(e -> e.type() != EventType.REPLIED ? e
                : new DeliveryEvent(e.id(), e.type(), e.at(), e.attempt(), e.actor(), Map.of())).toList();
    }
}
