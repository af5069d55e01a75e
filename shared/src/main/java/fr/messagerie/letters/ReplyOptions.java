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

    /**
     * The one rule of "a reply sent before the deadline": a reply is accepted at {@code at} when replies are allowed
     * and there is no deadline or {@code at} is strictly before it. The deadline itself is too late.
     */
    public boolean acceptsReplyAt(Instant at) {
        return allowed && (deadline == null || isBeforeDeadline(at));
    }

    /**
     * There is a deadline and {@code at} is strictly before it: the boundary every deadline rule uses (a reply in
     * time, "Réponse envoyée avant la date limite", a sealed reply still sealed, a deadline still ahead at sending).
     */
    public boolean isBeforeDeadline(Instant at) {
        return deadline != null && at.isBefore(deadline);
    }

    /** There is a deadline and it is reached at {@code at}: replying is closed from that instant on. */
    public boolean isDeadlinePassed(Instant at) {
        return deadline != null && !isBeforeDeadline(at);
    }
}
