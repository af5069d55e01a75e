package fr.messagerie.tracking;

import fr.messagerie.delivery.DeliveryStatus;
import fr.messagerie.letters.LetterType;
import fr.messagerie.letters.Recipient;
import fr.messagerie.letters.ReplyOptions;

import java.time.Instant;

/**
 * One line of the tracking list: a letter to one recipient, with what the list shows and filters on. Kept on the
 * delivery itself (letter facts copied when it is created, event times and status by each projection), so that a
 * consultation's list is one Query.
 *
 * @param sentE        "E": accepted for sending
 * @param deliveredD   "D": delivered by the receiving server
 * @param readL        "L": opened by the recipient
 * @param repliedR     "R": replied
 * @param replyExcerpt the beginning of the reply; shown only when not sealed
 * @param search       lowercase text the keyword filter searches (subject, body, recipient)
 */
public record TrackingRow(String deliveryId, String letterId, Instant sentAt, DeliveryStatus status,
                          LetterType letterType, String subject, String excerpt, Recipient recipient, Instant sentE,
                          Instant deliveredD, Instant readL, Instant repliedR, boolean favorite,
                          String nonDeliveryReason, String replyExcerpt, ReplyOptions replyOptions, String search) {
}
