package fr.messagerie.recipient;

import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.files.FileKeys;
import fr.messagerie.files.FileStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The form that uploads one more reply file straight to the bucket, or empty when no file can be added. Each form
 * is signed for one exact key of its own, issued to this delivery and recorded as a pending file.
 */
public final class OfferReplyUpload {
    private static final Duration UPLOAD_VALIDITY = Duration.ofMinutes(30);

    private final AttachmentStore attachments;
    private final FileStore files;
    private final String recipientBaseUrl;
    private final Clock clock;

    public OfferReplyUpload(AttachmentStore attachments, FileStore files, String recipientBaseUrl, Clock clock) {
        this.attachments = attachments;
        this.files = files;
        this.recipientBaseUrl = AccessTokens.baseUrl(recipientBaseUrl);
        this.clock = clock;
    }

    public Optional<FileStore.PresignedForm> form(Exchange exchange) {
        Instant now = clock.instant();
        if (!exchange.canReply(now) || exchange.replyRoom() <= 0
                || exchange.replyFiles().size() >= AttachmentRules.MAX_FILES) {
            return Optional.empty();
        }
        String deliveryId = exchange.delivery().id();
        String fileId = UUID.randomUUID().toString();
        String key = FileKeys.replyUpload(deliveryId, fileId);
        attachments.save(Owner.reply(deliveryId), new StoredAttachment(new Attachment(fileId, "fichier",
                ReplyFiles.DEFAULT_TYPE, 0, null, key), false, null, now));
        String redirect = recipientBaseUrl + "/r/" + exchange.token() + "/reply-files/uploaded";
        return Optional.of(files.presignPost(key, exchange.replyRoom(), redirect, UPLOAD_VALIDITY));
    }
}
