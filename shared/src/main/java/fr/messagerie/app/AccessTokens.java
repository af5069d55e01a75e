package fr.messagerie.app;

import fr.messagerie.domain.Hashes;

import java.security.SecureRandom;
import java.util.Base64;

/** The random token of an access link: 256 bits, URL-safe; only its hash is ever stored. */
public final class AccessTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AccessTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return Hashes.sha256(token);
    }
}
