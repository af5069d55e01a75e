package fr.messagerie.delivery;

import fr.messagerie.letters.Recipient;

import java.time.Instant;

/**
 * One letter to one recipient: the unit that is sent, tracked and proven.
 *
 * @param correctionOf the undelivered delivery this one resends to a corrected address, or null
 */
public record Delivery(
        String id,
        String letterId,
        String consultationId,
        String organismId,
        Recipient recipient,
        Instant createdAt,
        String correctionOf) {
}
