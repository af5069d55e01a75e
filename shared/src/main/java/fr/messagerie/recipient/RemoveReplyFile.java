package fr.messagerie.recipient;

import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.FileStore;

/** Takes a file back out of the reply being written; none once the reply is sent (its files are evidence). */
public final class RemoveReplyFile {
    private final Exchanges exchanges;
    private final AttachmentStore attachments;
    private final FileStore files;

    public RemoveReplyFile(Exchanges exchanges, AttachmentStore attachments, FileStore files) {
        this.exchanges = exchanges;
        this.attachments = attachments;
        this.files = files;
    }

    public Exchange remove(Exchange exchange, String fileId) {
        if (exchange.reply().isPresent()) {
            throw ReplyRefusals.filesLocked();
        }
        exchange.replyFiles().stream().filter(f -> f.id().equals(fileId)).findFirst().ifPresent(file -> {
            files.delete(file.storageKey());
            attachments.delete(Owner.reply(exchange.delivery().id()), fileId);
        });
        return exchanges.load(exchange.token(), exchange.delivery());
    }
}
