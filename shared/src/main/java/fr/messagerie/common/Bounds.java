package fr.messagerie.common;

import fr.messagerie.letters.LetterRules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The bounds every field of a request is held to at the edge, so that no accepted input can break a record, a key or
 * a page. Short texts are bounded in characters, which bounds their size: a Java character weighs at most 3 bytes in
 * UTF-8 (a surrogate pair 4 bytes for 2 characters). Bodies are bounded in bytes ({@code LetterRules},
 * {@link #MAX_REPLY_BYTES}).
 */
public final class Bounds {
    /** Ids in paths (consultations as the platform names them, and ours): far below DynamoDB's key limits. */
    public static final int MAX_ID_LENGTH = 128;
    /** Every date the API accepts falls in these years (Paris time). */
    public static final int MIN_YEAR = 2000;
    public static final int MAX_YEAR = 2100;
    /** Name and company of a contact or recipient. */
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_REFERENCE_LENGTH = 100;
    public static final int MAX_TITLE_LENGTH = 500;
    public static final int MAX_OBJECT_LENGTH = 4_000;
    public static final int MAX_LINK_LENGTH = 2_000;
    /** A company's reply, as stored once formatted. */
    public static final int MAX_REPLY_BYTES = 100 * 1024;
    /** The key a client gives to make a send request repeatable. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private Bounds() {
    }

    /** Size in UTF-8, counted without encoding (an unpaired surrogate counts 3 bytes, as the encoder's '?' would 1). */
    public static long utf8Length(CharSequence text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** An id we can look up: letters, digits and {@code . _ ~ -}, at most {@link #MAX_ID_LENGTH} characters. */
    public static boolean isId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    public static boolean isAcceptedDate(Instant instant) {
        return instant != null && isAcceptedDate(LocalDate.ofInstant(instant, ParisTime.ZONE));
    }

    public static boolean isAcceptedDate(LocalDate date) {
        return date != null && date.getYear() >= MIN_YEAR && date.getYear() <= MAX_YEAR;
    }

    /** "entre l'an 2000 et l'an 2100", for messages. */
    public static String acceptedYears() {
        return "entre l'an " + MIN_YEAR + " et l'an " + MAX_YEAR;
    }

    /**
     * The refusal of a text longer than {@code max} characters, if it is.
     *
     * @param what the field as a sentence starts: "Le nom du contact"
     */
    public static Optional<Violation> tooLong(String value, int max, String field, String what) {
        if (value == null || value.length() <= max) {
            return Optional.empty();
        }
        return Optional.of(new Violation("text-too-long", field, what + " ne doit pas dépasser " + max
                + " caractères (" + value.length() + " reçus)."));
    }

    /** A contact's name and company, each within {@link #MAX_NAME_LENGTH}: adds what is too long, tells if any. */
    public static boolean contactTooLong(String name, String company, String field,
                                         java.util.List<Violation> violations) {
        int before = violations.size();
        tooLong(name, MAX_NAME_LENGTH, field + ".name", "Le nom du contact").ifPresent(violations::add);
        tooLong(company, MAX_NAME_LENGTH, field + ".company", "Le nom de l'entreprise du contact")
                .ifPresent(violations::add);
        return violations.size() > before;
    }
}
