package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.common.ProblemException;
import fr.messagerie.letters.Access;
import fr.messagerie.letters.LetterStore;

/** A short-lived link to a received file of a letter of the agent's organism. */
public final class DownloadAttachment {
    private final LetterStore letters;
    private final DraftFiles draftFiles;
    private final FileStore files;

    public DownloadAttachment(LetterStore letters, DraftFiles draftFiles, FileStore files) {
        this.letters = letters;
        this.draftFiles = draftFiles;
        this.files = files;
    }

    public String url(Agent agent, String letterId, String attachmentId) {
        Access.letter(agent, letters.find(letterId));
        AttachmentStore.StoredAttachment stored = draftFiles.find(letterId, attachmentId);
        if (!stored.ready()) {
            throw ProblemException.conflict("upload-not-received",
                    "Cette pièce jointe n'a pas encore été reçue.");
        }
        Attachment attachment = stored.attachment();
        return files.presignGet(attachment.storageKey(), attachment.fileName(), attachment.contentType(),
                FileStore.DOWNLOAD_VALIDITY);
    }
}
