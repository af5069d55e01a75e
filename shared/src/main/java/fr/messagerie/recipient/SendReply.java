package fr.messagerie.recipient;

import fr.messagerie.common.Bounds;
import fr.messagerie.common.Hashes;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.delivery.StatusProjection;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.Evidence;
import fr.messagerie.files.FileStore;
import fr.messagerie.letters.RichText;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sends the one reply of a delivery, before its deadline; its fingerprints go into the R event. */
public final class SendReply {
    private final Exchanges exchanges;
    private final ReplyStore replies;
    private final RecordDeliveryEvent log;
    private final FileStore files;
    private final Clock clock;

    public SendReply(Exchanges exchanges, ReplyStore replies, DeliveryLog logs, FileStore files, Clock clock) {
        this.exchanges = exchanges;
        this.replies = replies;
        this.log = new RecordDeliveryEvent(logs);
        this.files = files;
        this.clock = clock;
    }

    public Exchange send(Exchange exchange, String body) {
        Instant now = clock.instant();
        if (!exchange.canReply(now)) {
            throw ReplyRefusals.closed(exchange);
        }
        // Measured before anything reads it, then once formatted (escaping makes it longer), as stored.
        if (Bounds.utf8Length(body) > Bounds.MAX_REPLY_BYTES) {
            throw ReplyRefusals.tooLong(Bounds.utf8Length(body));
        }
        // The reply form is a plain textarea: what is typed is text, never markup.
        String sanitized = RichText.sanitize(RichText.fromPlainText(body));
        if (RichText.isBlank(sanitized)) {
            throw ProblemException.badRequest("reply-body-required", "body", "Le corps de la réponse est obligatoire.");
        }
        if (Bounds.utf8Length(sanitized) > Bounds.MAX_REPLY_BYTES) {
            throw ReplyRefusals.tooLong(Bounds.utf8Length(sanitized));
        }
        // Checked again: the files were joined one by one, the reply sends them all.
        List<Violation> overLimits = AttachmentRules.checkReplyFiles(exchange.replyFiles());
        if (!overLimits.isEmpty()) {
            throw ProblemException.badRequest(overLimits);
        }
        Delivery delivery = exchange.delivery();
        if (exchange.readAt().isEmpty()) {
            // Replying opens the letter on the way: its read receipt comes first.
            log.record(delivery.id(), ReadReceipt.of(delivery, StatusProjection.latestAttempt(exchange.events()),
                    clock.instant()));
            exchange = exchanges.load(exchange.token(), delivery);
        }
        Reply reply = new Reply(delivery.id(), sanitized, exchange.replyFiles(), now);
        // The reply's files are evidence from now on: locked before the reply that cites them is recorded.
        reply.attachments().forEach(file -> files.keepAsEvidence(file.storageKey()));
        if (!replies.saveReply(reply)) {
            throw ReplyRefusals.alreadySent();
        }
        log.record(delivery.id(), new DeliveryEvent("replied:" + delivery.id(), EventType.REPLIED, now,
                StatusProjection.latestAttempt(exchange.events()), delivery.recipient().email(), Map.of(
                DeliveryEvent.BODY_SHA256, Hashes.sha256(sanitized)), Evidence.fingerprints(reply.attachments())));
        return exchanges.load(exchange.token(), delivery);
    }
}
