package fr.messagerie.letters;

import java.time.Instant;

/**
 * "Options de réponse": only meaningful with {@link SendMode#ACCESS_LINK}.
 *
 * @param allowed  "Le destinataire doit pouvoir répondre à ce courrier"
 * @param deadline "Date limite de réponse", or null when none is set
 * @param sealed   "L'accès par les agents au contenu de la réponse du destinataire est bloqué jusqu'à cette date"
 */
public record ReplyOptions(boolean allowed, Instant deadline, boolean sealed) {
    public static final ReplyOptions NONE = new ReplyOptions(false, null, false);
    public static final ReplyOptions ALLOWED = new ReplyOptions(true, null, false);

    public boolean isNone() {
        return !allowed && deadline == null && !sealed;
    }
}
