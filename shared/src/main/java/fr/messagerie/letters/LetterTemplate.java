package fr.messagerie.letters;

import fr.messagerie.consultations.Consultation;
/**
 * The default content of a letter type. {@code subject} and {@code body} may contain {@code {reference}}, replaced by
 * the consultation's reference when a draft is created; {@code body} is rich text in the editor's HTML subset.
 */
public record LetterTemplate(SendMode sendMode, ReplyOptions replyOptions, String subject, String body) {

    public String subjectFor(Consultation consultation) {
        return fill(subject, consultation);
    }

    public String bodyFor(Consultation consultation) {
        return fill(body, consultation);
    }

    private static String fill(String text, Consultation consultation) {
        String reference = consultation.reference() == null ? "" : consultation.reference();
        return text.replace("{reference}", reference);
    }
}
