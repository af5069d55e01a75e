package fr.messagerie.files;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The file bucket: files go in and out through short-lived presigned URLs, never through the functions. */
public interface FileStore {
    /** How long a presigned download link lives: long enough to start it, too short to be passed around. */
    Duration DOWNLOAD_VALIDITY = Duration.ofMinutes(5);

    /**
     * A presigned PUT whose size, content type and SHA-256 are part of the signature: S3 refuses any other body.
     *
     * @param sha256Base64 the checksum the client declared, base64 as S3 wants it
     */
    PresignedUpload presignPut(String key, String contentType, long size, String sha256Base64, Duration validity);

    /**
     * A presigned POST form for a browser without JavaScript: S3 accepts one file of at most {@code maxSize} bytes at
     * exactly {@code key} (any other key is refused, so one form stores one object), keeps the name the browser gives
     * the file as {@link StoredFile#uploadedName()}, then redirects the browser to {@code successRedirect} with the
     * key it stored.
     */
    PresignedForm presignPost(String key, long maxSize, String successRedirect, Duration validity);

    /** Size, content type and SHA-256 of what is really stored, or empty when nothing is. */
    Optional<StoredFile> inspect(String key);

    /** A short-lived download link; the browser saves the file under {@code fileName}. */
    String presignGet(String key, String fileName, String contentType, Duration validity);

    byte[] read(String key);

    /** The files stored under a prefix (a consultation's document space), by key. */
    List<ListedFile> list(String prefix);

    /** Stores a file the functions made themselves (a generated proof), with user metadata beside it. */
    void write(String key, byte[] content, String contentType, Map<String, String> metadata);

    /** The user metadata of what is stored under {@code key}, or empty when nothing is. */
    Optional<Map<String, String>> metadata(String key);

    void copy(String fromKey, String toKey);

    /**
     * Locks the stored file for the legal retention period (R2184-12/13): until then nobody can delete or overwrite
     * this version of it. For what becomes evidence: a letter's files once it is sent, a reply's files once the reply
     * is, the proofs; drafts stay deletable.
     */
    void keepAsEvidence(String key);

    /**
     * Moves what a browser uploaded at {@code fromKey} to {@code toKey}, a key nobody else writes, and describes what
     * {@code toKey} then holds: a form still valid cannot change a file once it has been checked. Empty when nothing
     * was uploaded.
     */
    Optional<StoredFile> moveUpload(String fromKey, String toKey);

    void delete(String key);

    /** @param headers what the client must send with the PUT, exactly */
    record PresignedUpload(String url, String method, Map<String, String> headers, Instant expiresAt) {
    }

    /** @param fields the hidden fields of the form, in order; the file field comes last */
    record PresignedForm(String url, Map<String, String> fields, Instant expiresAt) {
    }

    /** @param uploadedName the file's own name, as the browser sent it with a presigned POST; null otherwise */
    record StoredFile(long size, String contentType, String sha256, String uploadedName) {
        public StoredFile(long size, String contentType, String sha256) {
            this(size, contentType, sha256, null);
        }
    }

    record ListedFile(String key, long size) {
    }
}
