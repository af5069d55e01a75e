package fr.messagerie.recipient;

import fr.messagerie.common.ProblemException;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.FileStore;

/** A short-lived link to a file of the letter, or of its reply; only once the letter has been opened. */
public final class DownloadFile {
    private final FileStore files;

    public DownloadFile(FileStore files) {
        this.files = files;
    }

    public String link(Exchange exchange, String attachmentId) {
        if (exchange.readAt().isEmpty()) {
            throw ProblemException.conflict("letter-not-opened",
                    "Accédez d'abord au contenu du courrier pour télécharger ses fichiers.");
        }
        Attachment attachment = exchange.attachments().stream().filter(a -> a.id().equals(attachmentId)).findFirst()
                .or(() -> exchange.reply().stream().flatMap(r -> r.attachments().stream())
                        .filter(a -> a.id().equals(attachmentId)).findFirst())
                .or(() -> exchange.replyFiles().stream().filter(a -> a.id().equals(attachmentId)).findFirst())
                .orElseThrow(() -> ProblemException.notFound("attachment-not-found", "Fichier introuvable."));
        return files.presignGet(attachment.storageKey(), attachment.fileName(), attachment.contentType(),
                FileStore.DOWNLOAD_VALIDITY);
    }
}
