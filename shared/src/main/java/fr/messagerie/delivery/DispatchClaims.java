package fr.messagerie.delivery;

import java.time.Duration;
import java.time.Instant;

/** The right to send one attempt of a delivery, taken before the mail service is called. */
public interface DispatchClaims {
    /**
     * Takes the right to send attempt {@code attempt} of a delivery for {@code lease}, unless it was already sent or
     * another sender holds an unexpired claim; with {@code grant}, stores with the delivery, in the same write, the
     * access link the email will carry (a refused claim stores none).
     */
    DispatchClaim claim(String deliveryId, int attempt, Instant now, Duration lease, AccessGrant grant);

    /** The hash of an access-link token bound to the claimed delivery, valid until {@code validUntil}. */
    record AccessGrant(String tokenHash, Instant createdAt, Instant validUntil) {
    }

    /** Gives up the claim on attempt {@code attempt} when nothing was sent: the next try need not wait for its lease. */
    void releaseClaim(String deliveryId, int attempt);

    enum DispatchClaim {
        GRANTED,
        ALREADY_SENT,
        HELD_BY_ANOTHER
    }
}
