package fr.messagerie.letters;

import fr.messagerie.common.Agent;

/** Deletes a draft of the agent's organism; a letter sent is never deleted. */
public final class DeleteDraft {
    private final DraftEditor editor;
    private final LetterStore letters;

    public DeleteDraft(DraftEditor editor, LetterStore letters) {
        this.editor = editor;
        this.letters = letters;
    }

    public void delete(Agent agent, String letterId) {
        Letter current = editor.editable(agent, letterId, null);
        if (!letters.deleteDraft(letterId, current.version())) {
            throw DraftEditor.concurrentChange();
        }
    }
}
