package fr.messagerie.recipient;

import fr.messagerie.files.Attachment;

import java.time.Instant;
import java.util.List;

/** The answer of a recipient to a letter: one per delivery. */
public record Reply(String deliveryId, String body, List<Attachment> attachments, Instant sentAt) {
    public Reply {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
