package fr.messagerie.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * The access links of before, whose token was the secret alone, each stored (by its hash) in an item of its own;
 * links are now stored with their delivery ({@link DeliveryLog.LogHead#links}).
 */
public interface AccessLinks {
    /** The delivery an access-link token opens, unless the token is unknown, revoked or expired. */
    Optional<String> deliveryOfToken(String tokenHash, Instant now);
}
