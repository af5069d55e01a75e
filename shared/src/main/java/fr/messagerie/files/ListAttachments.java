package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.letters.Access;
import fr.messagerie.letters.LetterStore;

import java.util.List;

/** The files of a letter of the agent's organism, pending ones included. */
public final class ListAttachments {
    private final LetterStore letters;
    private final AttachmentStore attachments;

    public ListAttachments(LetterStore letters, AttachmentStore attachments) {
        this.letters = letters;
        this.attachments = attachments;
    }

    public List<StoredAttachment> list(Agent agent, String letterId) {
        Access.letter(agent, letters.find(letterId));
        return attachments.list(Owner.letter(letterId));
    }
}
