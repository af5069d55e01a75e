package fr.messagerie.files;

import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.letters.Letter;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The files of a draft as every action on them sees them: a file counts only once its stored bytes have been checked;
 * the limit of the send mode, and in a simple email the file types SES refuses, are enforced when uploading, at
 * completion and at send. The caller has checked that the agent may change the draft.
 */
public final class DraftFiles {
    static final String DEFAULT_TYPE = "application/octet-stream";

    private final AttachmentStore attachments;
    private final FileStore files;
    private final Clock clock;

    public DraftFiles(AttachmentStore attachments, FileStore files, Clock clock) {
        this.attachments = attachments;
        this.files = files;
        this.clock = clock;
    }

    /** Joins a file of the consultation's document space (a bucket prefix the platform feeds), copied to the draft. */
    public StoredAttachment joinDocument(Letter letter, String documentKey) {
        checkDocumentKey(letter.organismId(), letter.consultationId(), documentKey, "documentKey");
        FileStore.StoredFile source = files.inspect(documentKey).orElseThrow(DraftFiles::documentNotFound);
        String fileName = AttachmentRules.cleanFileName(documentKey);
        checkType(letter, fileName);
        checkRoom(letter, source.size(), null);
        String id = UUID.randomUUID().toString();
        String key = FileKeys.letterAttachment(letter.id(), id);
        files.copy(documentKey, key);
        Attachment attachment = new Attachment(id, fileName, source.contentType()
                == null ? DEFAULT_TYPE : source.contentType(), source.size(), source.sha256(), key);
        StoredAttachment pending = new StoredAttachment(attachment, false, source.sha256(), clock.instant());
        attachments.save(Owner.letter(letter.id()), pending);
        StoredAttachment ready = new StoredAttachment(attachment, true, source.sha256(), pending.createdAt());
        if (attachments.markReady(Owner.letter(letter.id()), ready, quota(letter))
                != AttachmentStore.Readiness.MARKED) {
            discard(letter.id(), id, key);
            throw ProblemException.badRequest(List.of(overQuota(letter, source.size())));
        }
        return ready;
    }

    /** Removes a file of the draft, stored bytes and record. */
    public void remove(Letter letter, String attachmentId) {
        StoredAttachment attachment = find(letter.id(), attachmentId);
        discard(letter.id(), attachmentId, attachment.attachment().storageKey());
    }

    void discard(String letterId, String attachmentId, String storageKey) {
        files.delete(storageKey);
        attachments.delete(Owner.letter(letterId), attachmentId);
    }

    /**
     * Refuses, before anything is written, a key that is no file of the consultation's document space (400
     * invalid-document, on {@code field}) or under which nothing is stored (404 document-not-found).
     */
    public void requireDocument(Consultation consultation, String documentKey, String field) {
        checkDocumentKey(consultation.organismId(), consultation.id(), documentKey, field);
        if (files.metadata(documentKey).isEmpty()) {
            throw documentNotFound();
        }
    }

    private static void checkDocumentKey(String organismId, String consultationId, String documentKey, String field) {
        if (!FileKeys.isConsultationDocument(organismId, consultationId, documentKey)) {
            throw ProblemException.badRequest("invalid-document", field,
                    "Ce document n'appartient pas à l'espace documentaire de la consultation.");
        }
    }

    private static ProblemException documentNotFound() {
        return ProblemException.notFound("document-not-found",
                "Document introuvable dans l'espace documentaire de la consultation.");
    }

    static void checkType(Letter letter, String fileName) {
        AttachmentRules.checkType(letter.sendMode(), fileName).ifPresent(v -> {
            throw ProblemException.badRequest(List.of(v));
        });
    }

    void checkRoom(Letter letter, long adding, String excluding) {
        List<Attachment> current = attachments.ready(Owner.letter(letter.id())).stream()
                .filter(a -> !a.id().equals(excluding)).toList();
        Optional<Violation> refusal = AttachmentRules.check(AttachmentRules.limit(letter.sendMode()), current, adding,
                true, AttachmentRules.letterKind(letter.sendMode()));
        refusal.ifPresent(v -> {
            throw ProblemException.badRequest(List.of(v));
        });
    }

    static AttachmentStore.Quota quota(Letter letter) {
        return new AttachmentStore.Quota(AttachmentRules.MAX_FILES, AttachmentRules.limit(letter.sendMode()));
    }

    /** Why the store refused a file that passed the check a moment before: a parallel request took the room. */
    Violation overQuota(Letter letter, long adding) {
        List<Attachment> current = attachments.ready(Owner.letter(letter.id()));
        return AttachmentRules.check(AttachmentRules.limit(letter.sendMode()), current, adding, true,
                        AttachmentRules.letterKind(letter.sendMode()))
                .orElseGet(() -> AttachmentRules.noRoomLeft(AttachmentRules.limit(letter.sendMode()),
                        AttachmentRules.letterKind(letter.sendMode())));
    }

    StoredAttachment find(String letterId, String attachmentId) {
        return attachments.find(Owner.letter(letterId), attachmentId).orElseThrow(() ->
                ProblemException.notFound("attachment-not-found", "Pièce jointe introuvable."));
    }
}
