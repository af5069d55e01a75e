package fr.messagerie.sesevents;

import java.util.Map;

/**
 * Plain French explanations, for the buyer, of what SES reports in its own terms (bounce type and subtype, delay
 * type…). Shared by the events function, the thread detail and the PDF proof so that the wording stays the same.
 */
public final class NonDeliveryReasons {

    private static final String SUPPRESSED =
            "Adresse présente sur la liste de suppression du service d'envoi, suite à des rejets antérieurs : "
                    + "le courrier n'a pas été transmis.";

    private static final Map<String, String> PERMANENT = Map.of(
            "General", "Adresse refusée par le serveur de messagerie du destinataire (rejet définitif).",
            "NoEmail", "Adresse de messagerie inexistante.",
            "Suppressed", SUPPRESSED,
            "OnAccountSuppressionList", SUPPRESSED);

    private static final String TRANSIENT_GENERAL =
            "Échec temporaire de remise : le service d'envoi a abandonné après plusieurs tentatives.";

    private static final Map<String, String> TRANSIENT = Map.of(
            "General", TRANSIENT_GENERAL,
            "MailboxFull", "Boîte aux lettres du destinataire pleine.",
            "MessageTooLarge", "Courrier trop volumineux pour le serveur du destinataire.",
            "ContentRejected", "Contenu refusé par le serveur du destinataire.",
            "AttachmentRejected", "Pièce jointe refusée par le serveur du destinataire.");

    private static final String UNDETERMINED = "Courrier non délivré pour une raison indéterminée.";

    private static final String RETRYING = ", le service d'envoi réessaie.";

    private static final Map<String, String> DELAYS = Map.ofEntries(
            Map.entry("MailboxFull", "boîte aux lettres du destinataire pleine"),
            Map.entry("SpamDetected",
                    "le serveur du destinataire limite temporairement la réception (suspicion de courrier indésirable)"),
            Map.entry("RecipientServerError", "incident temporaire sur le serveur de messagerie du destinataire"),
            Map.entry("IPFailure", "le fournisseur du destinataire bloque ou limite temporairement l'adresse IP d'envoi"),
            Map.entry("TransientCommunicationFailure", "échec temporaire de communication avec le serveur du destinataire"),
            Map.entry("InternalFailure", "incident interne au service d'envoi"),
            Map.entry("General", "échec temporaire de remise"),
            Map.entry("SendingDeferral", "le service d'envoi a différé temporairement l'envoi"),
            Map.entry("BYOIPHostNameLookupUnavailable",
                    "le nom d'hôte des adresses IP d'envoi est momentanément introuvable"));

    private NonDeliveryReasons() {
    }

    /** The reason for an SES Bounce; an unknown subtype falls back to the general wording of its type. */
    public static String bounce(String bounceType, String bounceSubType) {
        if ("Permanent".equals(bounceType)) {
            return lookup(PERMANENT, bounceSubType, PERMANENT.get("General"));
        }
        if ("Transient".equals(bounceType)) {
            return lookup(TRANSIENT, bounceSubType, TRANSIENT_GENERAL);
        }
        return UNDETERMINED;
    }

    /**
     * The reason for an SES Complaint of subtype {@code OnAccountSuppressionList}: SES accepted the message but did not
     * attempt to send it, the address being on the account's suppression list. Any other complaint is about a
     * delivered mail and has no non-delivery reason.
     */
    public static String suppressedAfterComplaint() {
        return "Adresse présente sur la liste de suppression du service d'envoi, suite à une plainte antérieure : "
                + "le courrier n'a pas été transmis.";
    }

    /** The reason for an SES Reject, whose only documented cause is a virus found in the message. */
    public static String reject() {
        return "Envoi refusé par le service d'envoi : le courrier contient un virus.";
    }

    /** The reason for an SES Rendering Failure. */
    public static String renderingFailure() {
        return "Le service d'envoi n'a pas pu mettre en forme le courrier : il n'a pas été transmis.";
    }

    /** The annotation for an SES DeliveryDelay: the delivery is still in progress. */
    public static String delay(String delayType) {
        String cause = lookup(DELAYS, delayType, null);
        return cause == null ? "Remise retardée pour une raison indéterminée" + RETRYING : "Remise retardée : " + cause + RETRYING;
    }

    // Map.of rejects a null key, and SES leaves some of these fields null or out.
    private static String lookup(Map<String, String> table, String key, String fallback) {
        return key == null ? fallback : table.getOrDefault(key, fallback);
    }
}
