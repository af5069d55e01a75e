package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.letters.DraftEditor;

/** "Importer un fichier depuis l'espace documentaire de la consultation" into a draft. */
public final class JoinDocument {
    private final DraftEditor drafts;
    private final DraftFiles draftFiles;

    public JoinDocument(DraftEditor drafts, DraftFiles draftFiles) {
        this.drafts = drafts;
        this.draftFiles = draftFiles;
    }

    public StoredAttachment join(Agent agent, String letterId, String documentKey) {
        return draftFiles.joinDocument(drafts.editable(agent, letterId, null), documentKey);
    }
}
