package fr.messagerie.delivery;

/** What happened to a delivery. The letter is the one shown in the tracking list (E, D, L, R). */
public enum EventType {
    /** Accepted by SES for sending; carries SES's message id. */
    SENT("E", "Envoi du courrier"),
    DELIVERED("D", "Courrier délivré"),
    /** SES keeps retrying: an annotation, the delivery stays "En cours d'envoi". */
    DELAYED(null, "Remise retardée"),
    BOUNCED(null, "Courrier non délivré"),
    /**
     * The recipient marked the delivered mail as spam (SES Complaint): not a failure, and a proof of delivery. The
     * feedback type, when the recipient's provider gives one, completes the label ({@link DeliveryEvent#label()}).
     */
    COMPLAINED(null, "Courrier signalé comme indésirable par le destinataire"),
    /** Refused by SES itself (virus, invalid address at sending time…). */
    REJECTED(null, "Envoi refusé"),
    READ("L", "Courrier lu par le destinataire"),
    REPLIED("R", "Réponse du destinataire"),
    REPLY_READ(null, "Réponse lue"),
    /** An agent asked to send an undelivered letter again: starts a new attempt. */
    RESENT(null, "Relance du courrier"),
    /**
     * An agent disabled the access link: every page of the link answers "Lien invalide ou expiré" from then on. An
     * event of the exchange, shown in the thread and the proof, with no effect on the status.
     */
    LINK_REVOKED(null, "Lien d'accès désactivé");

    private final String letter;
    private final String label;

    EventType(String letter, String label) {
        this.letter = letter;
        this.label = label;
    }

    /**
     * The event's own name ("Envoi du courrier", "Courrier délivré"…), the thread JSON's {@code label}; each output
     * completes it in {@link EventWording} (the thread's title with its author or recipient, the proof's step…).
     */
    public String label() {
        return label;
    }

    /** The letter shown in the tracking list, or null when the event has none. */
    public String letter() {
        return letter;
    }

    /** The event makes its attempt "Non délivré" (unless the letter was read). A complaint never does. */
    public boolean isFailure() {
        return this == BOUNCED || this == REJECTED;
    }
}
