package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.common.ProblemException;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.letters.DraftEditor;
import fr.messagerie.letters.Letter;

import java.util.List;

/** Checks what the bucket really holds against what was announced; the file counts from then on. */
public final class CompleteUpload {
    private final DraftEditor drafts;
    private final DraftFiles draftFiles;
    private final AttachmentStore attachments;
    private final FileStore files;

    public CompleteUpload(DraftEditor drafts, DraftFiles draftFiles, AttachmentStore attachments, FileStore files) {
        this.drafts = drafts;
        this.draftFiles = draftFiles;
        this.attachments = attachments;
        this.files = files;
    }

    public StoredAttachment complete(Agent agent, String letterId, String attachmentId) {
        Letter letter = drafts.editable(agent, letterId, null);
        StoredAttachment pending = draftFiles.find(letterId, attachmentId);
        if (pending.ready()) {
            return pending;
        }
        Attachment announced = pending.attachment();
        FileStore.StoredFile stored = files.inspect(announced.storageKey()).orElseThrow(() ->
                ProblemException.conflict("upload-not-received",
                        "Le fichier « " + announced.fileName() + " » n'a pas été reçu : téléversez-le avant de "
                                + "confirmer l'ajout."));
        if (stored.size() != announced.size() || !stored.sha256().equals(pending.declaredSha256())) {
            draftFiles.discard(letterId, attachmentId, announced.storageKey());
            throw ProblemException.badRequest("upload-mismatch", "file", "Le fichier reçu ne correspond pas à celui "
                    + "annoncé (taille ou empreinte SHA-256 différente) : il a été écarté, recommencez l'ajout.");
        }
        try {
            // The send mode may have changed since the upload was authorised.
            DraftFiles.checkType(letter, announced.fileName());
            draftFiles.checkRoom(letter, stored.size(), attachmentId);
        } catch (ProblemException e) {
            draftFiles.discard(letterId, attachmentId, announced.storageKey());
            throw e;
        }
        StoredAttachment ready = new StoredAttachment(new Attachment(announced.id(), announced.fileName(),
                announced.contentType(), stored.size(), stored.sha256(), announced.storageKey()), true,
                pending.declaredSha256(), pending.createdAt());
        switch (attachments.markReady(Owner.letter(letterId), ready, DraftFiles.quota(letter))) {
            case MARKED -> {
                return ready;
            }
            case OVER_QUOTA -> {
                draftFiles.discard(letterId, attachmentId, announced.storageKey());
                throw ProblemException.badRequest(List.of(draftFiles.overQuota(letter, stored.size())));
            }
            default -> {
                // Completed (or removed) by a parallel request.
                return draftFiles.find(letterId, attachmentId);
            }
        }
    }
}
