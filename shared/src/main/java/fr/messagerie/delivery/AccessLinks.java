package fr.messagerie.delivery;

import java.time.Instant;
import java.util.Optional;

/** The access-link tokens stored (by their hash) when a delivery is claimed for sending. */
public interface AccessLinks {
    /** The delivery an access-link token opens, unless the token is unknown, revoked or expired. */
    Optional<String> deliveryOfToken(String tokenHash, Instant now);
}
