package fr.messagerie.files;

/**
 * A file of a letter or of a reply. {@code sha256} (lowercase hex) is computed from the stored bytes, never taken
 * from the client, so that the proof of the exchanges lists the fingerprint of what was really exchanged.
 */
public record Attachment(String id, String fileName, String contentType, long size, String sha256, String storageKey) {
}
