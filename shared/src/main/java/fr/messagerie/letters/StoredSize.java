package fr.messagerie.letters;

import fr.messagerie.common.ProblemException;
import fr.messagerie.files.AttachmentRules;

/**
 * Refusals of records the table cannot hold whole (an item is limited to 400 KB): every field is bounded, but a
 * letter or a consultation gathers many of them, so the store measures what it is about to write and refuses it,
 * before anything is written, with what the agent can do about it.
 */
public final class StoredSize {
    private StoredSize() {
    }

    public static ProblemException letterTooLarge(long bytes, long maxBytes) {
        return ProblemException.badRequest("letter-too-large", null, "Le courrier est trop volumineux pour être "
                + "enregistré : son corps et sa liste de destinataires pèsent ensemble " + AttachmentRules.size(bytes)
                + ", pour " + AttachmentRules.size(maxBytes) + " au plus. Allégez le corps du courrier ou "
                + "répartissez les destinataires sur plusieurs courriers.");
    }

    public static ProblemException consultationTooLarge(long bytes, long maxBytes) {
        return ProblemException.badRequest("consultation-too-large", null, "La consultation est trop volumineuse "
                + "pour être enregistrée : ses informations et ses registres pèsent ensemble "
                + AttachmentRules.size(bytes) + ", pour " + AttachmentRules.size(maxBytes) + " au plus.");
    }
}
