package fr.messagerie.recipient;

import fr.messagerie.common.Bounds;
import fr.messagerie.common.Hashes;
import fr.messagerie.common.ParisTime;
import fr.messagerie.common.ProblemException;
import fr.messagerie.common.Violation;
import fr.messagerie.consultations.Consultation;
import fr.messagerie.delivery.AccessLinks;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.delivery.DeliveryStore;
import fr.messagerie.delivery.DeliveryView;
import fr.messagerie.delivery.EventType;
import fr.messagerie.delivery.RecordDeliveryEvent;
import fr.messagerie.delivery.StatusProjection;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentRules;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.files.AttachmentStore.StoredAttachment;
import fr.messagerie.files.Evidence;
import fr.messagerie.files.FileKeys;
import fr.messagerie.files.FileStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterStore;
import fr.messagerie.letters.RichText;

import java.net.URLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a company does through the link of its email: open the letter (the read receipt), download its files, reply
 * with text and files before the deadline, and see its other letters on the same consultation. The token of the
 * link authorises everything; another letter of the history is reached through the same token.
 */
public final class RecipientExchange {
    private static final Duration UPLOAD_VALIDITY = Duration.ofMinutes(30);
    private static final int MAX_REPLY_LENGTH = 100_000;
    private static final String DEFAULT_TYPE = "application/octet-stream";
    private static final AttachmentStore.Quota REPLY_QUOTA =
            new AttachmentStore.Quota(AttachmentRules.MAX_FILES, AttachmentRules.REPLY_LIMIT);

    private final DeliveryStore deliveries;
    private final DeliveryLog logs;
    private final AccessLinks links;
    private final ReplyStore replies;
    private final RecordDeliveryEvent log;
    private final LetterStore letters;
    private final AttachmentStore attachments;
    private final FileStore files;
    private final String recipientBaseUrl;
    private final Clock clock;

    public RecipientExchange(DeliveryStore deliveries, DeliveryLog logs, AccessLinks links, ReplyStore replies,
                             LetterStore letters, AttachmentStore attachments, FileStore files,
                             String recipientBaseUrl, Clock clock) {
        this.deliveries = deliveries;
        this.logs = logs;
        this.links = links;
        this.replies = replies;
        this.log = new RecordDeliveryEvent(logs);
        this.letters = letters;
        this.attachments = attachments;
        this.files = files;
        this.recipientBaseUrl = AccessTokens.baseUrl(recipientBaseUrl);
        this.clock = clock;
    }

    /** One letter as its recipient sees it, reached through {@code token}; the consultation as the letter froze it. */
    public record Exchange(String token, Delivery delivery, Letter letter, Consultation consultation,
                           List<Attachment> attachments, List<DeliveryEvent> events, Optional<Reply> reply,
                           List<Attachment> replyFiles) {

        public Optional<Instant> readAt() {
            return at(EventType.READ);
        }

        public Instant sentAt() {
            return at(EventType.SENT).orElse(delivery.createdAt());
        }

        public long replyRoom() {
            return AttachmentRules.REPLY_LIMIT - AttachmentRules.total(replyFiles);
        }

        public boolean replyClosed(Instant now) {
            return letter.replyOptions().isDeadlinePassed(now);
        }

        /** The reply form is offered: none sent yet, and the letter accepts a reply now (allowed, deadline ahead). */
        public boolean canReply(Instant now) {
            return reply.isEmpty() && letter.replyOptions().acceptsReplyAt(now);
        }

        private Optional<Instant> at(EventType type) {
            return first(events, type);
        }
    }

    /**
     * A line of the company's history on the consultation.
     *
     * @param linkRevokedAt when an agent disabled the letter's link: it cannot be opened from the history either
     */
    public record HistoryEntry(Delivery delivery, Letter letter, Optional<Instant> sentAt,
                               Optional<Instant> deliveredAt, Optional<Instant> readAt, Optional<Instant> repliedAt,
                               Optional<Instant> linkRevokedAt) {
    }

    /**
     * A letter reached through a link: the token and the delivery's log head, which says whether the letter was read
     * and whether an agent disabled its link.
     */
    public record Reached(String token, DeliveryLog.LogHead head) {
        public String deliveryId() {
            return head.delivery().id();
        }
    }

    /**
     * The delivery a token opens, or the one of the same consultation to the same address named by {@code courrier};
     * empty for an unknown, revoked or expired token, for a letter the token does not reach, and when an agent
     * disabled the link of either letter ("Lien d'accès désactivé"). Reads only the token and the logs' heads.
     */
    public Optional<Reached> reach(String token, String courrier) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{20,100}")) {
            return Optional.empty();
        }
        Optional<DeliveryLog.LogHead> own = links.deliveryOfToken(AccessTokens.hash(token), clock.instant())
                .flatMap(logs::head);
        if (own.isEmpty() || own.get().projection().linkRevoked()) {
            return Optional.empty();
        }
        DeliveryLog.LogHead target = own.get();
        if (courrier != null && !courrier.equals(target.delivery().id())) {
            if (!Bounds.isId(courrier)) {
                return Optional.empty();
            }
            Optional<DeliveryLog.LogHead> sibling = logs.head(courrier);
            if (sibling.isEmpty() || sibling.get().projection().linkRevoked()
                    || !sameCompanyAndConsultation(own.get().delivery(), sibling.get().delivery())) {
                return Optional.empty();
            }
            target = sibling.get();
        }
        return Optional.of(new Reached(token, target));
    }

    /** The letter {@link #reach} finds, as its recipient sees it; the consultation as the letter froze it. */
    public Optional<Exchange> find(String token, String courrier) {
        return reach(token, courrier).map(reached -> load(token, reached.head().delivery()));
    }

    /**
     * The explicit "Accéder au contenu du courrier": the read receipt, recorded once whatever the repetitions. What
     * follows (the content page) loads the letter; this action reads nothing of it.
     */
    public void open(Reached reached) {
        DeliveryLog.LogHead head = reached.head();
        if (!head.projection().read()) {
            log.record(head.delivery().id(), head, readReceipt(head.delivery(), head.projection().latestAttempt()));
        }
    }

    /** The same, for an action that opens the letter on the way (a reply sent from a page not yet opened). */
    private Exchange open(Exchange exchange) {
        Delivery delivery = exchange.delivery();
        log.record(delivery.id(), readReceipt(delivery, StatusProjection.latestAttempt(exchange.events())));
        return load(exchange.token(), delivery);
    }

    /** The read receipt: one per delivery (its id), by the recipient. */
    private DeliveryEvent readReceipt(Delivery delivery, int attempt) {
        return new DeliveryEvent("read:" + delivery.id(), EventType.READ, clock.instant(), attempt,
                delivery.recipient().email(), Map.of());
    }

    /** A short-lived link to a file of the letter; only once the letter has been opened. */
    public String download(Exchange exchange, String attachmentId) {
        requireOpened(exchange);
        Attachment attachment = exchange.attachments().stream().filter(a -> a.id().equals(attachmentId)).findFirst()
                .or(() -> exchange.reply().stream().flatMap(r -> r.attachments().stream())
                        .filter(a -> a.id().equals(attachmentId)).findFirst())
                .or(() -> exchange.replyFiles().stream().filter(a -> a.id().equals(attachmentId)).findFirst())
                .orElseThrow(() -> ProblemException.notFound("attachment-not-found", "Fichier introuvable."));
        return files.presignGet(attachment.storageKey(), attachment.fileName(), attachment.contentType(),
                FileStore.DOWNLOAD_VALIDITY);
    }

    /**
     * The form that uploads one more reply file straight to the bucket, or empty when no file can be added. Each form
     * is signed for one exact key of its own, issued to this delivery and recorded as a pending file.
     */
    public Optional<FileStore.PresignedForm> replyUploadForm(Exchange exchange) {
        Instant now = clock.instant();
        if (!exchange.canReply(now) || exchange.replyRoom() <= 0
                || exchange.replyFiles().size() >= AttachmentRules.MAX_FILES) {
            return Optional.empty();
        }
        String deliveryId = exchange.delivery().id();
        String fileId = UUID.randomUUID().toString();
        String key = FileKeys.replyUpload(deliveryId, fileId);
        attachments.save(Owner.reply(deliveryId), new StoredAttachment(new Attachment(fileId, "fichier",
                DEFAULT_TYPE, 0, null, key), false, null, now));
        String redirect = recipientBaseUrl + "/r/" + exchange.token() + "/reply-files/uploaded";
        return Optional.of(files.presignPost(key, exchange.replyRoom(), redirect, UPLOAD_VALIDITY));
    }

    /**
     * Where the bucket sends the browser back after an upload: the key must be one issued to this delivery and not
     * used yet; the stored file is moved where no form can reach it, fingerprinted and joined to the reply being
     * written, within the reply's limits even when uploads complete in parallel.
     *
     * @return the delivery the file was joined to
     */
    public Exchange completeReplyUpload(String token, String key) {
        FileKeys.ReplyUpload upload = FileKeys.parseReplyUpload(key).orElseThrow(() ->
                ProblemException.badRequest("invalid-upload", "key", "Le fichier téléversé est introuvable."));
        Exchange exchange = find(token, upload.deliveryId()).orElseThrow(() ->
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
            throw ProblemException.conflict(exchange.reply().isPresent() ? "reply-already-sent"
                    : "reply-deadline-passed", replyRefusal(exchange));
        }
        // A fresh key for every attempt: what is fingerprinted here is never overwritten by a parallel completion.
        String storageKey = FileKeys.replyFile(exchange.delivery().id(), fileId, UUID.randomUUID().toString());
        FileStore.StoredFile stored = files.moveUpload(key, storageKey).orElseThrow(() ->
                ProblemException.badRequest("upload-not-received", "file", "Le fichier n'a pas été reçu."));
        String fileName = AttachmentRules.cleanFileName(stored.uploadedName());
        // A form post without JavaScript cannot tell the bucket the file's type: infer it from its name.
        String contentType = Optional.ofNullable(URLConnection.guessContentTypeFromName(fileName))
                .orElse(DEFAULT_TYPE);
        Attachment file = new Attachment(fileId, fileName, contentType, stored.size(), stored.sha256(), storageKey);
        switch (attachments.markReady(owner, new StoredAttachment(file, true, null, issued.createdAt()),
                REPLY_QUOTA)) {
            case MARKED -> {
                return load(token, exchange.delivery());
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
                return load(token, exchange.delivery());
            }
        }
    }

    public Exchange removeReplyFile(Exchange exchange, String fileId) {
        if (exchange.reply().isPresent()) {
            throw ProblemException.conflict("reply-already-sent", "La réponse est envoyée : ses fichiers ne peuvent "
                    + "plus être retirés.");
        }
        exchange.replyFiles().stream().filter(f -> f.id().equals(fileId)).findFirst().ifPresent(file -> {
            files.delete(file.storageKey());
            attachments.delete(Owner.reply(exchange.delivery().id()), fileId);
        });
        return load(exchange.token(), exchange.delivery());
    }

    /** Sends the one reply of a delivery, before its deadline; its fingerprints go into the R event. */
    public Exchange reply(Exchange exchange, String body) {
        Instant now = clock.instant();
        if (!exchange.canReply(now)) {
            throw ProblemException.conflict(exchange.reply().isPresent() ? "reply-already-sent"
                    : exchange.letter().replyOptions().allowed() ? "reply-deadline-passed" : "reply-not-allowed",
                    replyRefusal(exchange));
        }
        // Measured before anything reads it, then once formatted (escaping makes it longer), as stored.
        if (Bounds.utf8Length(body) > Bounds.MAX_REPLY_BYTES) {
            throw replyTooLong(Bounds.utf8Length(body));
        }
        // The reply form is a plain textarea: what is typed is text, never markup.
        String sanitized = RichText.sanitize(RichText.fromPlainText(body));
        if (RichText.isBlank(sanitized)) {
            throw ProblemException.badRequest("reply-body-required", "body", "Le corps de la réponse est obligatoire.");
        }
        if (Bounds.utf8Length(sanitized) > Bounds.MAX_REPLY_BYTES) {
            throw replyTooLong(Bounds.utf8Length(sanitized));
        }
        // Checked again: the files were joined one by one, the reply sends them all.
        List<Violation> overLimits = AttachmentRules.checkReplyFiles(exchange.replyFiles());
        if (!overLimits.isEmpty()) {
            throw ProblemException.badRequest(overLimits);
        }
        if (exchange.readAt().isEmpty()) {
            exchange = open(exchange);
        }
        Delivery delivery = exchange.delivery();
        Reply reply = new Reply(delivery.id(), sanitized, exchange.replyFiles(), now);
        // The reply's files are evidence from now on: locked before the reply that cites them is recorded.
        reply.attachments().forEach(file -> files.keepAsEvidence(file.storageKey()));
        if (!replies.saveReply(reply)) {
            throw ProblemException.conflict("reply-already-sent", "Une réponse a déjà été envoyée pour ce courrier.");
        }
        log.record(delivery.id(), new DeliveryEvent("replied:" + delivery.id(), EventType.REPLIED, now,
                StatusProjection.latestAttempt(exchange.events()), delivery.recipient().email(), Map.of(
                DeliveryEvent.BODY_SHA256, Hashes.sha256(sanitized),
                DeliveryEvent.ATTACHMENTS, Evidence.files(reply.attachments()))));
        return load(exchange.token(), delivery);
    }

    /** The letters of the same consultation sent to the same address, newest first. */
    public List<HistoryEntry> history(Exchange exchange) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (DeliveryView view : deliveries.toRecipient(exchange.delivery().organismId(),
                exchange.delivery().consultationId(), exchange.delivery().recipient().key())) {
            Delivery delivery = view.delivery();
            Optional<Letter> letter = letters.find(delivery.letterId());
            if (letter.isEmpty()) {
                continue;
            }
            List<DeliveryEvent> events = logs.events(delivery.id());
            entries.add(new HistoryEntry(delivery, letter.get(),
                    first(events, EventType.SENT).or(() -> Optional.ofNullable(letter.get().sentAt())),
                    first(events, EventType.DELIVERED), first(events, EventType.READ),
                    first(events, EventType.REPLIED), first(events, EventType.LINK_REVOKED)));
        }
        return entries;
    }

    private Exchange load(String token, Delivery delivery) {
        Letter letter = letters.find(delivery.letterId()).orElseThrow();
        Consultation consultation = letter.consultation();
        Optional<Reply> reply = replies.reply(delivery.id());
        List<Attachment> replyFiles = reply.map(Reply::attachments)
                .orElseGet(() -> attachments.ready(Owner.reply(delivery.id())));
        return new Exchange(token, delivery, letter, consultation, attachments.ready(Owner.letter(letter.id())),
                DeliveryEvent.chronological(logs.events(delivery.id())), reply, replyFiles);
    }

    private static ProblemException replyTooLong(long bytes) {
        return ProblemException.badRequest("reply-too-long", "body", "La réponse est trop longue : "
                + AttachmentRules.size(Bounds.MAX_REPLY_BYTES) + " au plus une fois mise en forme ("
                + AttachmentRules.size(bytes) + " reçus ; un caractère accentué compte 2 octets, « € » 3).");
    }

    private String replyRefusal(Exchange exchange) {
        if (exchange.reply().isPresent()) {
            return "Une réponse a déjà été envoyée pour ce courrier.";
        }
        if (!exchange.letter().replyOptions().allowed()) {
            return "Ce courrier n'appelle pas de réponse.";
        }
        return "La date limite de réponse (" + ParisTime.deadline(exchange.letter().replyOptions().deadline())
                + ") est dépassée : il n'est plus possible de répondre à ce courrier.";
    }

    private static void requireOpened(Exchange exchange) {
        if (exchange.readAt().isEmpty()) {
            throw ProblemException.conflict("letter-not-opened",
                    "Accédez d'abord au contenu du courrier pour télécharger ses fichiers.");
        }
    }

    private static boolean sameCompanyAndConsultation(Delivery a, Delivery b) {
        return a.organismId().equals(b.organismId()) && a.consultationId().equals(b.consultationId())
                && a.recipient().key().equals(b.recipient().key());
    }

    private static Optional<Instant> first(List<DeliveryEvent> events, EventType type) {
        return events.stream().filter(e -> e.type() == type).min(DeliveryEvent.ORDER).map(DeliveryEvent::at);
    }
}
