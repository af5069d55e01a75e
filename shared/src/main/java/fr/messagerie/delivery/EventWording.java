package fr.messagerie.delivery;

import fr.messagerie.common.ParisTime;

import java.time.Instant;
import java.util.List;

/**
 * The words of the events, in one place for every output that shows them: the thread detail ("Détail des échanges"),
 * the tracking list's letters (E, D, L, R), the "Résumé des échanges" of the PDF proof and the company's pages. Each
 * place completes the event's own name ({@link EventType#label()}, {@link DeliveryEvent#label()}) its own way: with
 * its author or recipient in the thread, in the seed's terms of the PDF in the proof.
 */
public final class EventWording {
    /** The events the tracking list shows by their letter, in the list's order: E, D, L, R. */
    public static final List<EventType> LIST_LETTERS =
            List.of(EventType.SENT, EventType.DELIVERED, EventType.READ, EventType.REPLIED);

    private EventWording() {
    }

    /**
     * The title of the event in the thread detail: "Envoi du courrier par Alice MARTIN", "Courrier délivré à
     * contact@entreprise.fr", "Non délivré — Courrier non délivré"…
     *
     * @param recipientEmail the delivery's address, which the letter was delivered to and read by
     */
    public static String threadTitle(DeliveryEvent event, String recipientEmail) {
        String by = by(event.actorLabel());
        EventType type = event.type();
        return switch (type) {
            case SENT -> (event.attempt() > 1 ? "Nouvel envoi du courrier" : type.label()) + by;
            case DELIVERED -> type.label() + " à " + recipientEmail;
            case READ -> "Courrier lu par " + recipientEmail;
            case BOUNCED, REJECTED -> "Non délivré — " + event.label();
            case REPLY_READ, RESENT, LINK_REVOKED -> type.label() + by;
            case DELAYED, COMPLAINED, REPLIED -> event.label();
        };
    }

    /**
     * What the letter of an event stands for in the tracking list ("Envoyé", "Délivré", "Lu par le destinataire",
     * "Réponse du destinataire"), or null for an event the list does not show by a letter.
     */
    public static String listTitle(EventType type) {
        return switch (type) {
            case SENT -> "Envoyé";
            case DELIVERED -> "Délivré";
            case READ -> "Lu par le destinataire";
            case REPLIED -> type.label();
            default -> null;
        };
    }

    /** The seed's wording of the step in the proof's "Résumé des échanges": "Envoi", "Reçu techniquement (Délivré)"… */
    public static String proofStep(DeliveryEvent event) {
        String relance = event.attempt() > 1 ? " (envoi n° " + event.attempt() + ")" : "";
        return switch (event.type()) {
            case SENT -> "Envoi" + relance;
            case DELIVERED -> "Reçu techniquement (Délivré)" + relance;
            case BOUNCED, REJECTED -> "Non délivré (motif : " + event.detail(DeliveryEvent.REASON) + ")" + relance;
            // Delivered, then marked as spam: an event of the exchange, never a non-delivery.
            case COMPLAINED -> event.label() + relance;
            case DELAYED -> event.type().label() + relance;
            case READ -> "Accusé de réception (Lu)";
            case REPLIED -> "Réponse";
            case REPLY_READ, LINK_REVOKED -> event.type().label();
            case RESENT -> "Relance" + relance;
        };
    }

    /**
     * How the company's letter page heads an event of its exchange: "Envoi du courrier", "Courrier lu par le
     * destinataire", "Réponse du destinataire".
     */
    public static String companyHeading(EventType type) {
        return type.label();
    }

    /**
     * What precedes the time of an event on the company's pages: "Envoyé le", "Délivré le", "Lu le", "Répondu le",
     * "Lien d'accès désactivé le".
     */
    public static String companyTimeLabel(EventType type) {
        String what = switch (type) {
            case SENT, DELIVERED -> listTitle(type);
            case READ -> "Lu";
            case REPLIED -> "Répondu";
            default -> type.label();
        };
        return what + " le";
    }

    /** "Envoyé le 23/07/2020 - 12:40:59": an event's time as the company's history lists it. */
    public static String companyTime(EventType type, Instant at) {
        return companyTimeLabel(type) + " " + ParisTime.timestamp(at);
    }

    private static String by(String actor) {
        return actor != null && !actor.isEmpty() ? " par " + actor : "";
    }
}
