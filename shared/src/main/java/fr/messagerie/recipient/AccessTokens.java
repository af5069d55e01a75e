package fr.messagerie.recipient;

import fr.messagerie.common.Hashes;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;

/** The random token of an access link: 256 bits, URL-safe; only its hash is ever stored. */
public final class AccessTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Long enough for a procedure, from the first letters to the notification of the contract. */
    public static final Duration VALIDITY = Duration.ofDays(3 * 365);

    private AccessTokens() {
    }

    /** The recipient pages' base URL as configured, without the trailing slashes a link must not double. */
    public static String baseUrl(String configured) {
        return configured.replaceAll("/+$", "");
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return Hashes.sha256(token);
    }

    /** An agent disabled the delivery's link ("Lien d'accès désactivé"): none of its tokens opens anything. */
    public static boolean revoked(Collection<DeliveryEvent> events) {
        return events.stream().anyMatch(e -> e.type() == EventType.LINK_REVOKED);
    }
}
