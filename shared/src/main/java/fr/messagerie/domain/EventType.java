package fr.messagerie.domain;

/** What happened to a delivery. The letter is the one shown in the tracking list (E, D, L, R). */
public enum EventType {
    /** Accepted by SES for sending; carries SES's message id. */
    SENT("E"),
    DELIVERED("D"),
    /** SES keeps retrying: an annotation, the delivery stays "En cours d'envoi". */
    DELAYED(null),
    BOUNCED(null),
    COMPLAINED(null),
    /** Refused by SES itself (virus, invalid address at sending time…). */
    REJECTED(null),
    READ("L"),
    REPLIED("R"),
    REPLY_READ(null),
    /** An agent asked to send an undelivered letter again: starts a new attempt. */
    RESENT(null);

    private final String letter;

    EventType(String letter) {
        this.letter = letter;
    }

    /** The letter shown in the tracking list, or null when the event has none. */
    public String letter() {
        return letter;
    }

    public boolean isFailure() {
        return this == BOUNCED || this == COMPLAINED || this == REJECTED;
    }
}
