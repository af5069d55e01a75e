package fr.messagerie.domain;

import java.time.Instant;

/** One letter to one recipient: the unit that is sent, tracked and proven. */
public record Delivery(
        String id,
        String letterId,
        String consultationId,
        String organismId,
        Recipient recipient,
        Instant createdAt) {
}
