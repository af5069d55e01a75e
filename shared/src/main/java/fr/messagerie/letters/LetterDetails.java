package fr.messagerie.letters;

import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.files.Attachment;
import fr.messagerie.recipient.ReplyForAgent;

import java.util.List;
import java.util.Map;

/** A letter, its attachments and, once sent, one delivery per recipient with its status and reply. */
public record LetterDetails(Letter letter, List<Attachment> attachments, List<DeliveryView> deliveries,
                            Map<String, ReplyForAgent> replies) {
}
