package fr.messagerie.files;

import fr.messagerie.common.Agent;
import fr.messagerie.common.Bounds;
import fr.messagerie.common.ProblemException;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.letters.DraftEditor;
import fr.messagerie.letters.Letter;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * "Ajouter une pièce jointe": a file uploaded straight to the bucket through a presigned PUT whose size and checksum
 * are signed, recorded as pending until {@link CompleteUpload} checks what arrived.
 */
public final class RequestUpload {
    static final Duration UPLOAD_VALIDITY = Duration.ofMinutes(15);
    /** "type/subtype" and optional parameters (RFC 9110), as S3 stores it and signs it in the upload. */
    private static final Pattern CONTENT_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?: *;[ -~]*)?");
    private static final int MAX_CONTENT_TYPE_LENGTH = 255;
    /** Longer names are shortened by {@link AttachmentRules#cleanFileName}; past this one they are refused. */
    private static final int MAX_GIVEN_NAME_LENGTH = 1_000;

    private final DraftEditor drafts;
    private final DraftFiles draftFiles;
    private final AttachmentStore attachments;
    private final FileStore files;
    private final Clock clock;

    public RequestUpload(DraftEditor drafts, DraftFiles draftFiles, AttachmentStore attachments, FileStore files,
                         Clock clock) {
        this.drafts = drafts;
        this.draftFiles = draftFiles;
        this.attachments = attachments;
        this.files = files;
        this.clock = clock;
    }

    /** @param sha256 the file's SHA-256 in hexadecimal, as the browser computed it */
    public record UploadRequest(String fileName, String contentType, Long size, String sha256) {
    }

    public record Upload(StoredAttachment attachment, FileStore.PresignedUpload upload) {
    }

    public Upload request(Agent agent, String letterId, UploadRequest request) {
        Letter letter = drafts.editable(agent, letterId, null);
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
                ? DraftFiles.DEFAULT_TYPE : request.contentType().trim();
        if (contentType.length() > MAX_CONTENT_TYPE_LENGTH || !CONTENT_TYPE.matcher(contentType).matches()) {
            throw ProblemException.badRequest("invalid-content-type", "contentType", "Type de fichier illisible : "
                    + "« type/sous-type » attendu, par exemple application/pdf (" + MAX_CONTENT_TYPE_LENGTH
                    + " caractères au plus).");
        }
        DraftFiles.checkType(letter, fileName);
        draftFiles.checkRoom(letter, request.size(), null);
        String id = UUID.randomUUID().toString();
        Attachment attachment = new Attachment(id, fileName, contentType,
                request.size(), null, FileKeys.letterAttachment(letterId, id));
        StoredAttachment pending = new StoredAttachment(attachment, false, sha256, clock.instant());
        attachments.save(Owner.letter(letterId), pending);
        FileStore.PresignedUpload upload = files.presignPut(attachment.storageKey(), contentType, request.size(),
                Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)), UPLOAD_VALIDITY);
        return new Upload(pending, upload);
    }
}
