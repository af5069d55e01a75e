package fr.messagerie.files;

import fr.messagerie.common.Bounds;

import java.util.Optional;

/**
 * The layout of the bucket, in one place: where each kind of file is stored, and the keys read back from outside
 * (a document picked in a consultation's space, the key a reply upload form brings back).
 * <ul>
 *     <li>{@code letters/letterId/attachments/fileId}: a letter's files, uploaded or copied from the documents;</li>
 *     <li>{@code consultations/organismId/consultationId/documents/…}: a consultation's document space, per organism
 *     as consultation ids are;</li>
 *     <li>{@code reply-uploads/deliveryId/fileId}: where a reply upload form puts a file, for minutes;</li>
 *     <li>{@code deliveries/deliveryId/reply/fileId/version}: a file joined to a reply, moved where no form can reach
 *     it;</li>
 *     <li>{@code proofs/deliveryId/contentKey.pdf}: the proofs of the exchanges of a delivery.</li>
 * </ul>
 */
public final class FileKeys {
    /** S3's limit on a key: anything longer is no key of ours. */
    public static final int MAX_KEY_BYTES = 1024;
    /** The prefix of the reply upload forms' keys (expired by the bucket's lifecycle). */
    public static final String REPLY_UPLOADS = "reply-uploads/";

    private FileKeys() {
    }

    /** Everything stored for a letter. */
    public static String letterFiles(String letterId) {
        return "letters/" + letterId + "/";
    }

    public static String letterAttachment(String letterId, String fileId) {
        return letterFiles(letterId) + "attachments/" + fileId;
    }

    /** The document space of a consultation: the prefix of its documents' keys. */
    public static String consultationDocuments(String organismId, String consultationId) {
        return "consultations/" + organismId + "/" + consultationId + "/documents/";
    }

    /** Whether {@code key} names a file (no folder, no "..") within the document space of the consultation. */
    public static boolean isConsultationDocument(String organismId, String consultationId, String key) {
        String space = consultationDocuments(organismId, consultationId);
        return key != null && key.startsWith(space) && key.length() != space.length() && !key.endsWith("/")
                && !key.contains("..") && Bounds.utf8Length(key) <= MAX_KEY_BYTES;
    }

    /** The proofs of one delivery. */
    public static String proofs(String deliveryId) {
        return "proofs/" + deliveryId + "/";
    }

    /** @param contentKey what the proof shows, as a hash: an unchanged thread keeps its proof */
    public static String proof(String deliveryId, String contentKey) {
        return proofs(deliveryId) + contentKey + ".pdf";
    }

    /** The key one reply upload form is signed for. */
    public static String replyUpload(String deliveryId, String fileId) {
        return REPLY_UPLOADS + deliveryId + "/" + fileId;
    }

    /** A key a reply upload form brought back, as {@link #replyUpload} made it. */
    public record ReplyUpload(String deliveryId, String fileId) {
    }

    /** The delivery and file of a reply upload key; empty for any other key. */
    public static Optional<ReplyUpload> parseReplyUpload(String key) {
        String[] parts = key == null || Bounds.utf8Length(key) > MAX_KEY_BYTES ? new String[0] : key.split("/", -1);
        if (parts.length != 3 || !REPLY_UPLOADS.equals(parts[0] + "/") || !parts[1].matches("[A-Za-z0-9-]{1,64}")
                || !parts[2].matches("[0-9a-f-]{36}")) {
            return Optional.empty();
        }
        return Optional.of(new ReplyUpload(parts[1], parts[2]));
    }

    /** The files joined to the reply of a delivery. */
    public static String replyFiles(String deliveryId) {
        return "deliveries/" + deliveryId + "/reply/";
    }

    /** @param version fresh for every attempt, so that what was fingerprinted is never overwritten */
    public static String replyFile(String deliveryId, String fileId, String version) {
        return replyFiles(deliveryId) + fileId + "/" + version;
    }
}
