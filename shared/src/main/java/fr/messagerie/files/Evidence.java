package fr.messagerie.files;

import java.util.List;

/** The fingerprints of exchanged files, as the events keep them for the proof of the exchanges. */
public final class Evidence {
    private Evidence() {
    }

    public record FileFingerprint(String fileName, long size, String sha256) {
    }

    public static List<FileFingerprint> fingerprints(List<Attachment> attachments) {
        return attachments.stream().map(a -> new FileFingerprint(a.fileName(), a.size(), a.sha256())).toList();
    }
}
