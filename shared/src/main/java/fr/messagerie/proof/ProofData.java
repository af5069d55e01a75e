package fr.messagerie.proof;

import fr.messagerie.files.Evidence;

import java.time.Instant;
import java.util.List;

/**
 * Everything the PDF "Preuve des échanges" of one delivery shows, in the order it shows it. Built from the event log
 * by {@code ProofOfExchanges}, which applies the sealing rule: a sealed reply has {@code sealed} set, no body and no
 * files.
 *
 * @param generatedAt "Preuve des échanges du dd/MM/yyyy à HH:mm"
 */
public record ProofData(Instant generatedAt, ConsultationPart consultation, String recipient, List<Step> steps,
                        List<Exchange> exchanges) {

    /** "Consultation concernée par cet échange". */
    public record ConsultationPart(String reference, String title, String object, Instant bidDeadline,
                                   String publicEntity, String purchasingEntity) {
    }

    /**
     * A line of "Résumé des échanges": Étape / Date / Auteur.
     *
     * @param label "Envoi", "Reçu techniquement (Délivré)", "Non délivré (motif : …)", "Accusé de réception (Lu)",
     *              "Réponse", "Réponse lue", "Relance (envoi n° 2)"
     */
    public record Step(String label, Instant at, String author) {
    }

    /**
     * A block of "Détail des échanges": the letter ("Message"), or the reply ("Réponse").
     *
     * @param bodyHtml     sanitized rich text, or null when sealed
     * @param sealedNotice "Le contenu de la réponse sera accessible après le …" when sealed
     */
    public record Exchange(String kind, Instant at, String title, String bodyHtml, String bodySha256,
                           List<Evidence.FileFingerprint> files, boolean sealed, String sealedNotice) {
    }
}
