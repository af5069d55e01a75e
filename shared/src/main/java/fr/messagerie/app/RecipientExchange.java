package fr.messagerie.app;

import fr.messagerie.app.AttachmentStore.Owner;
import fr.messagerie.app.AttachmentStore.StoredAttachment;
import fr.messagerie.domain.Attachment;
import fr.messagerie.domain.AttachmentRules;
import fr.messagerie.domain.Bounds;
import fr.messagerie.domain.Consultation;
import fr.messagerie.domain.Delivery;
import fr.messagerie.domain.DeliveryEvent;
import fr.messagerie.domain.EventType;
import fr.messagerie.domain.Hashes;
import fr.messagerie.domain.Letter;
import fr.messagerie.domain.ParisTime;
import fr.messagerie.domain.Reply;
import fr.messagerie.domain.RichText;
import fr.messagerie.domain.StatusProjection;
import fr.messagerie.domain.Violation;

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
    /** S3's limit on a key. */
    private static final int MAX_KEY_BYTES = 1024;

    private final DeliveryStore deliveries;
    private final LetterStore letters;
    private final ConsultationStore consultations;
    private final AttachmentStore attachments;
    private final FileStore files;
    private final String recipientBaseUrl;
    private final Clock clock;

    public RecipientExchange(DeliveryStore deliveries, LetterStore letters, ConsultationStore consultations,
                             AttachmentStore attachments, FileStore files, String recipientBaseUrl, Clock clock) {
        this.deliveries = deliveries;
        this.letters = letters;
        this.consultations = consultations;
        this.attachments = attachments;
        this.files = files;
        this.recipientBaseUrl = recipientBaseUrl.replaceAll("/+$", "");
        this.clock = clock;
    }

    /** One letter as its recipient sees it, reached through {@code token}. */
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
            Instant deadline = letter.replyOptions().deadline();
            return deadline != null && !now.isBefore(deadline);
        }

        /** The reply form is offered: replies allowed, none sent yet, deadline not passed. */
        public boolean canReply(Instant now) {
            return letter.replyOptions().allowed() && reply.isEmpty() && !replyClosed(now);
        }

        private Optional<Instant> at(EventType type) {
            return first(events, type);
        }
    }

    /** A line of the company's history on the consultation. */
    public record HistoryEntry(Delivery delivery, Letter letter, Optional<Instant> sentAt,
                               Optional<Instant> deliveredAt, Optional<Instant> readAt, Optional<Instant> repliedAt) {
    }

    /**
     * The letter a token opens, or the one of the same consultation to the same address named by {@code courrier};
     * empty for an unknown, revoked or expired token, and for a letter the token does not reach.
     */
    public Optional<Exchange> find(String token, String courrier) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{20,100}")) {
            return Optional.empty();
        }
        Optional<Delivery> own = deliveries.deliveryOfToken(AccessTokens.hash(token), clock.instant())
                .flatMap(deliveries::find);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        Delivery target = own.get();
        if (courrier != null && !courrier.equals(target.id())) {
            if (!Bounds.isId(courrier)) {
                return Optional.empty();
            }
            Optional<Delivery> sibling = deliveries.find(courrier);
            if (sibling.isEmpty() || !sameCompanyAndConsultation(own.get(), sibling.get())) {
                return Optional.empty();
            }
            target = sibling.get();
        }
        return Optional.of(load(token, target));
    }

    /** The explicit "Accéder au contenu du courrier": the read receipt, recorded once whatever the repetitions. */
    public Exchange open(Exchange exchange) {
        Delivery delivery = exchange.delivery();
        deliveries.record(delivery.id(), new DeliveryEvent("read:" + delivery.id(), EventType.READ, clock.instant(),
                StatusProjection.latestAttempt(exchange.events()), delivery.recipient().email(), Map.of()));
        return load(exchange.token(), delivery);
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
                LetterAttachments.DOWNLOAD_VALIDITY);
    }

    /** The form that uploads one more reply file straight to the bucket, or empty when no file can be added. */
    public Optional<FileStore.PresignedForm> replyUploadForm(Exchange exchange) {
        Instant now = clock.instant();
        if (!exchange.canReply(now) || exchange.replyRoom() <= 0
                || exchange.replyFiles().size() >= AttachmentRules.MAX_FILES) {
            return Optional.empty();
        }
        String fileId = UUID.randomUUID().toString();
        String keyPrefix = replyPrefix(exchange.delivery().id()) + fileId + "/";
        String redirect = recipientBaseUrl + "/r/" + exchange.token() + "/reply-files/uploaded";
        return Optional.of(files.presignPost(keyPrefix, exchange.replyRoom(), redirect, UPLOAD_VALIDITY));
    }

    /**
     * Where the bucket sends the browser back after an upload: the stored file is checked, fingerprinted and joined
     * to the reply being written.
     *
     * @return the delivery the file was joined to
     */
    public Exchange completeReplyUpload(String token, String key) {
        String[] parts = key == null || Bounds.utf8Length(key) > MAX_KEY_BYTES ? new String[0] : key.split("/", 5);
        if (parts.length != 5 || !"deliveries".equals(parts[0]) || !"reply".equals(parts[2])) {
            throw ProblemException.badRequest("invalid-upload", "key", "Le fichier téléversé est introuvable.");
        }
        Exchange exchange = find(token, parts[1]).orElseThrow(() ->
                ProblemException.notFound("invalid-upload", "Le fichier téléversé est introuvable."));
        String fileId = parts[3];
        if (exchange.replyFiles().stream().anyMatch(f -> f.id().equals(fileId))) {
            return exchange;
        }
        FileStore.StoredFile stored = files.inspect(key).orElseThrow(() ->
                ProblemException.badRequest("upload-not-received", "file", "Le fichier n'a pas été reçu."));
        Optional<String> refusal = !exchange.canReply(clock.instant()) ? Optional.of(replyRefusal(exchange))
                : AttachmentRules.check(AttachmentRules.REPLY_LIMIT, exchange.replyFiles(), stored.size(), true,
                "réponse").map(Violation::message);
        if (refusal.isPresent()) {
            files.delete(key);
            throw ProblemException.badRequest("attachments-too-large", "file", refusal.get());
        }
        String fileName = AttachmentRules.cleanFileName(parts[4]);
        // A form post without JavaScript cannot tell the bucket the file's type: infer it from its name.
        String contentType = Optional.ofNullable(URLConnection.guessContentTypeFromName(fileName))
                .orElse("application/octet-stream");
        Attachment file = new Attachment(fileId, fileName, contentType, stored.size(), stored.sha256(), key);
        attachments.save(Owner.reply(exchange.delivery().id()),
                new StoredAttachment(file, true, null, clock.instant()));
        return load(token, exchange.delivery());
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
        if (exchange.readAt().isEmpty()) {
            exchange = open(exchange);
        }
        Delivery delivery = exchange.delivery();
        Reply reply = new Reply(delivery.id(), sanitized, exchange.replyFiles(), now);
        if (!deliveries.saveReply(reply)) {
            throw ProblemException.conflict("reply-already-sent", "Une réponse a déjà été envoyée pour ce courrier.");
        }
        deliveries.record(delivery.id(), new DeliveryEvent("replied:" + delivery.id(), EventType.REPLIED, now,
                StatusProjection.latestAttempt(exchange.events()), delivery.recipient().email(), Map.of(
                DeliveryEvent.BODY_SHA256, Hashes.sha256(sanitized),
                DeliveryEvent.ATTACHMENTS, Evidence.files(reply.attachments()))));
        return load(exchange.token(), delivery);
    }

    /** The letters of the same consultation sent to the same address, newest first. */
    public List<HistoryEntry> history(Exchange exchange) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (DeliveryView view : deliveries.toRecipient(exchange.delivery().consultationId(),
                exchange.delivery().recipient().key())) {
            Delivery delivery = view.delivery();
            Optional<Letter> letter = letters.find(delivery.letterId());
            if (letter.isEmpty()) {
                continue;
            }
            List<DeliveryEvent> events = deliveries.events(delivery.id());
            entries.add(new HistoryEntry(delivery, letter.get(),
                    first(events, EventType.SENT).or(() -> Optional.ofNullable(letter.get().sentAt())),
                    first(events, EventType.DELIVERED), first(events, EventType.READ),
                    first(events, EventType.REPLIED)));
        }
        return entries;
    }

    private Exchange load(String token, Delivery delivery) {
        Letter letter = letters.find(delivery.letterId()).orElseThrow();
        Consultation consultation = consultations.find(delivery.consultationId()).orElseThrow();
        Optional<Reply> reply = deliveries.reply(delivery.id());
        List<Attachment> replyFiles = reply.map(Reply::attachments)
                .orElseGet(() -> attachments.ready(Owner.reply(delivery.id())));
        return new Exchange(token, delivery, letter, consultation, attachments.ready(Owner.letter(letter.id())),
                deliveries.events(delivery.id()), reply, replyFiles);
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
        return a.consultationId().equals(b.consultationId()) && a.recipient().key().equals(b.recipient().key());
    }

    private static String replyPrefix(String deliveryId) {
        return "deliveries/" + deliveryId + "/reply/";
    }

    private static Optional<Instant> first(List<DeliveryEvent> events, EventType type) {
        return events.stream().filter(e -> e.type() == type).map(DeliveryEvent::at).min(Instant::compareTo);
    }
}
