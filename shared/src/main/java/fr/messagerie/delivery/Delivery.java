package fr.messagerie.delivery;

import fr.messagerie.common.Hashes;
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

    /** Stable across retries, so that a resumed fan-out finds the deliveries it already created. */
    public static String idOf(String letterId, Recipient recipient) {
        return Hashes.sha256(letterId + "|" + recipient.key()).substring(0, 32);
    }
}
