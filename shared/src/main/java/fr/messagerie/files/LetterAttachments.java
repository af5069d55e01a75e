package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Bounds;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.letters.Access;
import fr.messagerie.letters.Drafts;
import fr.messagerie.letters.Letter;
import fr.messagerie.recipient.Reply;
import fr.messagerie.recipient.ReplyForAgent;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The files an agent joins to a draft: uploaded straight to the bucket through a presigned PUT whose size and
 * checksum are signed, or taken from the consultation's document space. A file counts only once its stored bytes
 * have been checked; the limit of the send mode, and in a simple email the file types SES refuses, are enforced when
 * uploading, at completion and at send.
 */
public final class LetterAttachments {
    static final Duration UPLOAD_VALIDITY = Duration.ofMinutes(15);
    public static final Duration DOWNLOAD_VALIDITY = Duration.ofMinutes(5);
    private static final String DEFAULT_TYPE = "application/octet-stream";
    /** "type/subtype" and optional parameters (RFC 9110), as S3 stores it and signs it in the upload. */
    private static final Pattern CONTENT_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?: *;[ -~]*)?");
    private static final int MAX_CONTENT_TYPE_LENGTH = 255;
    /** Longer names are shortened by {@link AttachmentRules#cleanFileName}; past this one they are refused. */
    private static final int MAX_GIVEN_NAME_LENGTH = 1_000;

    private final Drafts drafts;
    private final DeliveryStore deliveries;
    private final AttachmentStore attachments;
    private final FileStore files;
    private final Clock clock;

    public LetterAttachments(Drafts drafts, DeliveryStore deliveries, AttachmentStore attachments, FileStore files,
                             Clock clock) {
        this.drafts = drafts;
        this.deliveries = deliveries;
        this.attachments = attachments;
        this.files = files;
        this.clock = clock;
    }

    /** @param sha256 the file's SHA-256 in hexadecimal, as the browser computed it */
    public record UploadRequest(String fileName, String contentType, Long size, String sha256) {
    }

    public record Upload(StoredAttachment attachment, FileStore.PresignedUpload upload) {
    }

    public Upload requestUpload(Agent agent, String letterId, UploadRequest request) {
        Letter letter = drafts.editableDraft(agent, letterId);
        if (request.size() == null || request.size() <= 0) {
            throw ProblemException.badRequest("invalid-file-size", "size",
                    "La taille du fichier (en octets) est obligatoire et doit être positive.");
        }
        String sha256 = request.sha256() == null ? "" : request.sha256().trim().toLowerCase();
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw ProblemException.badRequest("invalid-sha256", "sha256",
                    "L'empreinte SHA-256 du fichier doit compter 64 caractères hexadécimaux.");
        }
        Bounds.tooLong(request.fileName(), MAX_GIVEN_NAME_LENGTH, "fileName", "Le nom du fichier").ifPresent(v -> {
            throw ProblemException.badRequest(List.of(v));
        });
        String fileName = AttachmentRules.cleanFileName(request.fileName());
        String contentType = request.contentType() == null || request.contentType().isBlank()
                ? DEFAULT_TYPE : request.contentType().trim();
        if (contentType.length() > MAX_CONTENT_TYPE_LENGTH || !CONTENT_TYPE.matcher(contentType).matches()) {
            throw ProblemException.badRequest("invalid-content-type", "contentType", "Type de fichier illisible : "
                    + "« type/sous-type » attendu, par exemple application/pdf (" + MAX_CONTENT_TYPE_LENGTH
                    + " caractères au plus).");
        }
        checkType(letter, fileName);
        checkRoom(letter, request.size(), null);
        String id = UUID.randomUUID().toString();
        Attachment attachment = new Attachment(id, fileName, contentType,
                request.size(), null, FileKeys.letterAttachment(letterId, id));
        StoredAttachment pending = new StoredAttachment(attachment, false, sha256, clock.instant());
        attachments.save(Owner.letter(letterId), pending);
        FileStore.PresignedUpload upload = files.presignPut(attachment.storageKey(), contentType, request.size(),
                Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)), UPLOAD_VALIDITY);
        return new Upload(pending, upload);
    }

    /** Checks what S3 really holds against what was announced; the file counts from then on. */
    public StoredAttachment complete(Agent agent, String letterId, String attachmentId) {
        Letter letter = drafts.editableDraft(agent, letterId);
        StoredAttachment pending = find(letterId, attachmentId);
        if (pending.ready()) {
            return pending;
        }
        Attachment announced = pending.attachment();
        FileStore.StoredFile stored = files.inspect(announced.storageKey()).orElseThrow(() ->
                ProblemException.conflict("upload-not-received",
                        "Le fichier « " + announced.fileName() + " » n'a pas été reçu : téléversez-le avant de "
                                + "confirmer l'ajout."));
        if (stored.size() != announced.size() || !stored.sha256().equals(pending.declaredSha256())) {
            files.delete(announced.storageKey());
            attachments.delete(Owner.letter(letterId), attachmentId);
            throw ProblemException.badRequest("upload-mismatch", "file", "Le fichier reçu ne correspond pas à celui "
                    + "annoncé (taille ou empreinte SHA-256 différente) : il a été écarté, recommencez l'ajout.");
        }
        try {
            // The send mode may have changed since the upload was authorised.
            checkType(letter, announced.fileName());
            checkRoom(letter, stored.size(), attachmentId);
        } catch (ProblemException e) {
            files.delete(announced.storageKey());
            attachments.delete(Owner.letter(letterId), attachmentId);
            throw e;
        }
        StoredAttachment ready = new StoredAttachment(new Attachment(announced.id(), announced.fileName(),
                announced.contentType(), stored.size(), stored.sha256(), announced.storageKey()), true,
                pending.declaredSha256(), pending.createdAt());
        switch (attachments.markReady(Owner.letter(letterId), ready, quota(letter))) {
            case MARKED -> {
                return ready;
            }
            case OVER_QUOTA -> {
                files.delete(announced.storageKey());
                attachments.delete(Owner.letter(letterId), attachmentId);
                throw ProblemException.badRequest(List.of(overQuota(letter, stored.size())));
            }
            default -> {
                // Completed (or removed) by a parallel request.
                return find(letterId, attachmentId);
            }
        }
    }

    /** Joins a file of the consultation's document space (a bucket prefix the platform feeds). */
    public StoredAttachment fromDocumentSpace(Agent agent, String letterId, String documentKey) {
        Letter letter = drafts.editableDraft(agent, letterId);
        checkDocumentKey(letter.organismId(), letter.consultationId(), documentKey, "documentKey");
        FileStore.StoredFile source = files.inspect(documentKey).orElseThrow(LetterAttachments::documentNotFound);
        String fileName = AttachmentRules.cleanFileName(documentKey);
        checkType(letter, fileName);
        checkRoom(letter, source.size(), null);
        String id = UUID.randomUUID().toString();
        String key = FileKeys.letterAttachment(letterId, id);
        files.copy(documentKey, key);
        Attachment attachment = new Attachment(id, fileName, source.contentType()
                == null ? DEFAULT_TYPE : source.contentType(), source.size(), source.sha256(), key);
        StoredAttachment pending = new StoredAttachment(attachment, false, source.sha256(), clock.instant());
        attachments.save(Owner.letter(letterId), pending);
        StoredAttachment ready = new StoredAttachment(attachment, true, source.sha256(), pending.createdAt());
        if (attachments.markReady(Owner.letter(letterId), ready, quota(letter))
                != AttachmentStore.Readiness.MARKED) {
            files.delete(key);
            attachments.delete(Owner.letter(letterId), id);
            throw ProblemException.badRequest(List.of(overQuota(letter, source.size())));
        }
        return ready;
    }

    public Drafts drafts() {
        return drafts;
    }

    /** "Importer un fichier depuis l'espace documentaire de la consultation": its files, with their key and size. */
    public List<FileStore.ListedFile> documents(Agent agent, String consultationId) {
        Consultation consultation = drafts.consultation(agent, consultationId);
        return files.list(FileKeys.consultationDocuments(consultation.organismId(), consultation.id())).stream()
                .filter(file -> !file.key().endsWith("/")).toList();
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

    public List<StoredAttachment> list(Agent agent, String letterId) {
        drafts.find(agent, letterId);
        return attachments.list(Owner.letter(letterId));
    }

    public void remove(Agent agent, String letterId, String attachmentId) {
        drafts.editableDraft(agent, letterId);
        StoredAttachment attachment = find(letterId, attachmentId);
        files.delete(attachment.attachment().storageKey());
        attachments.delete(Owner.letter(letterId), attachmentId);
    }

    public String downloadUrl(Agent agent, String letterId, String attachmentId) {
        drafts.find(agent, letterId);
        Attachment attachment = ready(find(letterId, attachmentId));
        return files.presignGet(attachment.storageKey(), attachment.fileName(), attachment.contentType(),
                DOWNLOAD_VALIDITY);
    }

    /** A file of a recipient's reply, unless the reply is still sealed. */
    public String replyFileUrl(Agent agent, String deliveryId, String fileId) {
        Delivery delivery = Access.delivery(agent, deliveries.find(deliveryId));
        Letter letter = drafts.find(delivery.letterId());
        Reply reply = deliveries.reply(deliveryId).orElseThrow(() ->
                ProblemException.notFound("attachment-not-found", "Pièce jointe introuvable."));
        ReplyForAgent visible = ReplyForAgent.of(letter, reply, clock.instant());
        if (visible.sealed()) {
            throw ProblemException.forbidden("reply-sealed", visible.sealedNotice());
        }
        Attachment file = visible.files().stream().filter(f -> f.id().equals(fileId)).findFirst().orElseThrow(() ->
                ProblemException.notFound("attachment-not-found", "Pièce jointe introuvable."));
        return files.presignGet(file.storageKey(), file.fileName(), file.contentType(), DOWNLOAD_VALIDITY);
    }

    private static void checkType(Letter letter, String fileName) {
        AttachmentRules.checkType(letter.sendMode(), fileName).ifPresent(v -> {
            throw ProblemException.badRequest(List.of(v));
        });
    }

    private void checkRoom(Letter letter, long adding, String excluding) {
        List<Attachment> current = attachments.ready(Owner.letter(letter.id())).stream()
                .filter(a -> !a.id().equals(excluding)).toList();
        Optional<Violation> refusal = AttachmentRules.check(AttachmentRules.limit(letter.sendMode()), current, adding,
                true, AttachmentRules.letterKind(letter.sendMode()));
        refusal.ifPresent(v -> {
            throw ProblemException.badRequest(List.of(v));
        });
    }

    private static AttachmentStore.Quota quota(Letter letter) {
        return new AttachmentStore.Quota(AttachmentRules.MAX_FILES, AttachmentRules.limit(letter.sendMode()));
    }

    /** Why the store refused a file that passed the check a moment before: a parallel request took the room. */
    private Violation overQuota(Letter letter, long adding) {
        List<Attachment> current = attachments.ready(Owner.letter(letter.id()));
        return AttachmentRules.check(AttachmentRules.limit(letter.sendMode()), current, adding, true,
                        AttachmentRules.letterKind(letter.sendMode()))
                .orElseGet(() -> AttachmentRules.noRoomLeft(AttachmentRules.limit(letter.sendMode()),
                        AttachmentRules.letterKind(letter.sendMode())));
    }

    private StoredAttachment find(String letterId, String attachmentId) {
        return attachments.find(Owner.letter(letterId), attachmentId).orElseThrow(() ->
                ProblemException.notFound("attachment-not-found", "Pièce jointe introuvable."));
    }

    private static Attachment ready(StoredAttachment attachment) {
        if (!attachment.ready()) {
            throw ProblemException.conflict("upload-not-received",
                    "Cette pièce jointe n'a pas encore été reçue.");
        }
        return attachment.attachment();
    }
}
