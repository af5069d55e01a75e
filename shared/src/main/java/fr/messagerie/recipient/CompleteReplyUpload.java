package fr.messagerie.recipient;

import fr.messagerie.common.ProblemException;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.files.FileKeys;
import fr.messagerie.files.FileStore;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Where the bucket sends the browser back after an upload: the key must be one issued to this delivery and not used
 * yet; the stored file is moved where no form can reach it, fingerprinted and joined to the reply being written,
 * within the reply's limits even when uploads complete in parallel.
 */
public final class CompleteReplyUpload {
    private final Exchanges exchanges;
    private final AttachmentStore attachments;
    private final FileStore files;
    private final Clock clock;

    public CompleteReplyUpload(Exchanges exchanges, AttachmentStore attachments, FileStore files, Clock clock) {
        this.exchanges = exchanges;
        this.attachments = attachments;
        this.files = files;
        this.clock = clock;
    }

    /** @return the letter the file was joined to */
    public Exchange complete(String token, String key) {
        FileKeys.ReplyUpload upload = FileKeys.parseReplyUpload(key).orElseThrow(() ->
                ProblemException.badRequest("invalid-upload", "key", "Le fichier téléversé est introuvable."));
        Exchange exchange = exchanges.find(token, upload.deliveryId()).orElseThrow(() ->
                ProblemException.notFound("invalid-upload", "Le fichier téléversé est introuvable."));
        Owner owner = Owner.reply(exchange.delivery().id());
        String fileId = upload.fileId();
        StoredAttachment issued = attachments.find(owner, fileId)
                .filter(file -> key.equals(file.attachment().storageKey()) || file.ready())
                .orElseThrow(() -> ProblemException.badRequest("invalid-upload", "key",
                        "Ce téléversement n'a pas été proposé pour ce courrier : rechargez la page, puis joignez "
                                + "à nouveau le fichier."));
        if (issued.ready()) {
            // The form was used already (or the browser came back twice): what it brings again is discarded.
            files.delete(key);
            return exchange;
        }
        if (!exchange.canReply(clock.instant())) {
            files.delete(key);
            throw ReplyRefusals.closed(exchange);
        }
        // A fresh key for every attempt: what is fingerprinted here is never overwritten by a parallel completion.
        String storageKey = FileKeys.replyFile(exchange.delivery().id(), fileId, UUID.randomUUID().toString());
        FileStore.StoredFile stored = files.moveUpload(key, storageKey).orElseThrow(() ->
                ProblemException.badRequest("upload-not-received", "file", "Le fichier n'a pas été reçu."));
        String fileName = AttachmentRules.cleanFileName(stored.uploadedName());
        Attachment file = new Attachment(fileId, fileName, ReplyFiles.contentType(fileName), stored.size(),
                stored.sha256(), storageKey);
        switch (attachments.markReady(owner, new StoredAttachment(file, true, null, issued.createdAt()),
                ReplyFiles.QUOTA)) {
            case MARKED -> {
                return exchanges.load(token, exchange.delivery());
            }
            case OVER_QUOTA -> {
                files.delete(storageKey);
                List<Attachment> current = attachments.ready(owner);
                throw ProblemException.badRequest(List.of(AttachmentRules.check(AttachmentRules.REPLY_LIMIT,
                                current, stored.size(), true, "réponse")
                        .orElseGet(() -> AttachmentRules.noRoomLeft(AttachmentRules.REPLY_LIMIT, "réponse"))));
            }
            default -> {
                // Completed by a parallel request (the browser came back twice), or removed meanwhile.
                files.delete(storageKey);
                return exchanges.load(token, exchange.delivery());
            }
        }
    }
}
