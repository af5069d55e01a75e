package fr.messagerie.delivery;

/** The seven statuses of the tracking list, with the seeds' wording. */
public enum DeliveryStatus {
    DRAFT("Brouillon"),
    SENDING("En cours d'envoi"),
    NOT_DELIVERED("Non délivré"),
    DELIVERED("Délivré"),
    READ("Lu par le destinataire"),
    REPLY_UNREAD("Réponse non lue"),
    REPLY_READ("Réponse lue");

    private final String label;

    DeliveryStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
