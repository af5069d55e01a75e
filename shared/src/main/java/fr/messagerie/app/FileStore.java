package fr.messagerie.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The file bucket: files go in and out through short-lived presigned URLs, never through the functions. */
public interface FileStore {

    /**
     * A presigned PUT whose size, content type and SHA-256 are part of the signature: S3 refuses any other body.
     *
     * @param sha256Base64 the checksum the client declared, base64 as S3 wants it
     */
    PresignedUpload presignPut(String key, String contentType, long size, String sha256Base64, Duration validity);

    /**
     * A presigned POST form for a browser without JavaScript: S3 accepts at most {@code maxSize} bytes under
     * {@code keyPrefix} followed by the file's own name, then redirects the browser to {@code successRedirect} with
     * the key it stored.
     */
    PresignedForm presignPost(String keyPrefix, long maxSize, String successRedirect, Duration validity);

    /** Size, content type and SHA-256 of what is really stored, or empty when nothing is. */
    Optional<StoredFile> inspect(String key);

    /** A short-lived download link; the browser saves the file under {@code fileName}. */
    String presignGet(String key, String fileName, String contentType, Duration validity);

    byte[] read(String key);

    /** Stores a file the functions made themselves (a generated proof), with user metadata beside it. */
    void write(String key, byte[] content, String contentType, Map<String, String> metadata);

    /** The user metadata of what is stored under {@code key}, or empty when nothing is. */
    Optional<Map<String, String>> metadata(String key);

    void copy(String fromKey, String toKey);

    void delete(String key);

    /** @param headers what the client must send with the PUT, exactly */
    record PresignedUpload(String url, String method, Map<String, String> headers, Instant expiresAt) {
    }

    /** @param fields the hidden fields of the form, in order; the file field comes last */
    record PresignedForm(String url, Map<String, String> fields, Instant expiresAt) {
    }

    record StoredFile(long size, String contentType, String sha256) {
    }
}
