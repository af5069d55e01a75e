package fr.messagerie.http;

import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;

/**
 * A file as every agent API shows it. {@code download} (the route that mints a download link) and {@code state}
 * (PENDING until the uploaded bytes are checked, then READY) are left out when they do not apply.
 */
public record FileView(String id, String fileName, String contentType, long size, String sizeLabel, String sha256,
                       String download, String state) {

    public static FileView of(Attachment a) {
        return of(a, null, null);
    }

    public static FileView of(Attachment a, String download) {
        return of(a, download, null);
    }

    public static FileView of(Attachment a, String download, String state) {
        return new FileView(a.id(), a.fileName(), a.contentType(), a.size(), AttachmentRules.size(a.size()),
                a.sha256(), download, state);
    }
}
