package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.letters.DraftEditor;

/** Removes a file from a draft. */
public final class RemoveAttachment {
    private final DraftEditor drafts;
    private final DraftFiles draftFiles;

    public RemoveAttachment(DraftEditor drafts, DraftFiles draftFiles) {
        this.drafts = drafts;
        this.draftFiles = draftFiles;
    }

    public void remove(Agent agent, String letterId, String attachmentId) {
        draftFiles.remove(drafts.editable(agent, letterId, null), attachmentId);
    }
}
