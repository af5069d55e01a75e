package fr.messagerie.recipient;

import fr.messagerie.common.Bounds;
import fr.messagerie.common.Hashes;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DispatchClaims;
import fr.messagerie.delivery.EventType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;

/**
 * The token of an access link: the delivery's id followed by a secret of 256 random bits, URL-safe; only its hash is
 * ever stored, with the delivery, so that the one read of the delivery finds the link and checks it. Links of
 * before carried the secret alone, and their hash had an item of its own.
 */
public final class AccessTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Long enough for a procedure, from the first letters to the notification of the contract. */
    public static final Duration VALIDITY = Duration.ofDays(3 * 365);
    /** The length of the secret, which ends every token: 256 bits in URL-safe base64. */
    public static final int SECRET_LENGTH = 43;

    private AccessTokens() {
    }

    /** The recipient pages' base URL as configured, without the trailing slashes a link must not double. */
    public static String baseUrl(String configured) {
        return configured.replaceAll("/+$", "");
    }

    public static String newToken(String deliveryId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return of(deliveryId, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token of {@code deliveryId} with a given secret of {@link #SECRET_LENGTH} characters (a priming's). */
    public static String of(String deliveryId, String secret) {
        if (!Bounds.isId(deliveryId) || secret.length() != SECRET_LENGTH) {
            throw new IllegalArgumentException("No token for " + deliveryId);
        }
        return deliveryId + secret;
    }

    /** The delivery a token names, before any check; empty for a token of before (the secret alone). */
    public static Optional<String> deliveryOf(String token) {
        String id = token.length() > SECRET_LENGTH ? token.substring(0, token.length() - SECRET_LENGTH) : null;
        return Bounds.isId(id) ? Optional.of(id) : Optional.empty();
    }

    /** Whether {@code token} is one of the links granted with its delivery, still valid at {@code now}. */
    public static boolean opens(String token, Collection<DispatchClaims.AccessGrant> grants, Instant now) {
        byte[] hash = hash(token).getBytes(StandardCharsets.US_ASCII);
        boolean opens = false;
        for (DispatchClaims.AccessGrant grant : grants) {
            // Compared in constant time, every grant: the answer's timing tells nothing of the stored hashes.
            boolean same = MessageDigest.isEqual(hash, grant.tokenHash().getBytes(StandardCharsets.US_ASCII));
            opens |= same && !grant.validUntil().isBefore(now);
        }
        return opens;
    }

    public static String hash(String token) {
        return Hashes.sha256(token);
    }

    /** An agent disabled the delivery's link ("Lien d'accès désactivé"): none of its tokens opens anything. */
    public static boolean revoked(Collection<DeliveryEvent> events) {
        return events.stream().anyMatch(e -> e.type() == EventType.LINK_REVOKED);
    }
}
