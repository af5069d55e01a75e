package fr.messagerie.app;

import fr.messagerie.domain.Attachment;
import fr.messagerie.domain.Consultation;
import fr.messagerie.domain.Delivery;
import fr.messagerie.domain.DeliveryEvent;
import fr.messagerie.domain.EventType;
import fr.messagerie.domain.Hashes;
import fr.messagerie.domain.Letter;
import fr.messagerie.domain.SendMode;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Sends the email of one delivery, once: a claim taken before calling the mail service keeps two copies of the same
 * dispatch from both sending, and the "sent" event recorded afterwards turns any later copy into a no-op.
 */
public final class DispatchDelivery {
    private static final Logger LOG = Logger.getLogger(DispatchDelivery.class.getName());
    /** Longer than one send takes: past it, a claim left by a crashed sender can be taken over. */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(60);

    private final LetterStore letters;
    private final DeliveryStore deliveries;
    private final AttachmentStore attachments;
    private final FileStore files;
    private final LetterEmails emails;
    private final Mailer mailer;
    private final String recipientBaseUrl;
    private final Clock clock;
    private final Supplier<String> tokens;
    /** Sent letters and their files are frozen, so they can be kept for the life of the container. */
    private final Map<String, Letter> sentLetters = new ConcurrentHashMap<>();
    private final Map<String, List<Attachment>> sentAttachments = new ConcurrentHashMap<>();
    /** A simple email is the same for all the letter's recipients: its body is turned into an email once. */
    private final Map<String, LetterEmails.RenderedEmail> simpleEmails = new ConcurrentHashMap<>();

    public DispatchDelivery(LetterStore letters, DeliveryStore deliveries, AttachmentStore attachments,
                            FileStore files, LetterEmails emails, Mailer mailer, String recipientBaseUrl, Clock clock) {
        this(letters, deliveries, attachments, files, emails, mailer, recipientBaseUrl, clock, AccessTokens::newToken);
    }

    /** @param tokens draws the token of each access link: {@link AccessTokens#newToken}, but for a priming twin */
    public DispatchDelivery(LetterStore letters, DeliveryStore deliveries, AttachmentStore attachments,
                            FileStore files, LetterEmails emails, Mailer mailer, String recipientBaseUrl, Clock clock,
                            Supplier<String> tokens) {
        this.tokens = tokens;
        this.letters = letters;
        this.deliveries = deliveries;
        this.attachments = attachments;
        this.files = files;
        this.emails = emails;
        this.mailer = mailer;
        this.recipientBaseUrl = recipientBaseUrl.endsWith("/")
                ? recipientBaseUrl.substring(0, recipientBaseUrl.length() - 1) : recipientBaseUrl;
        this.clock = clock;
    }

    public enum Outcome {
        SENT,
        ALREADY_SENT,
        /** Another sender holds the claim: try again later, it may still crash before sending. */
        RETRY_LATER,
        /** The mail service sends nothing for now: nothing was sent, try again after a wait. */
        THROTTLED,
        REJECTED,
        UNKNOWN_DELIVERY
    }

    public Outcome dispatch(DispatchQueue.Dispatch dispatch) {
        Delivery delivery = deliveries.find(dispatch.deliveryId()).orElse(null);
        if (delivery == null) {
            LOG.warning(() -> "Dispatch for an unknown delivery, dropped: " + dispatch);
            return Outcome.UNKNOWN_DELIVERY;
        }
        switch (deliveries.claim(delivery.id(), dispatch.attempt(), clock.instant(), CLAIM_LEASE)) {
            case ALREADY_SENT:
                return Outcome.ALREADY_SENT;
            case HELD_BY_ANOTHER:
                return Outcome.RETRY_LATER;
            case GRANTED:
            default:
                break;
        }
        Letter letter = sentLetters.computeIfAbsent(delivery.letterId(), id -> letters.find(id).orElseThrow());
        // The consultation as it was when the letter was sent, whatever the platform changed since.
        Consultation consultation = letter.consultation();
        String accessLink = null;
        if (letter.sendMode() == SendMode.ACCESS_LINK) {
            String token = tokens.get();
            deliveries.saveAccessToken(AccessTokens.hash(token), delivery.id(), clock.instant(),
                    clock.instant().plus(AccessTokens.VALIDITY));
            accessLink = recipientBaseUrl + "/r/" + token;
        }
        LetterEmails.RenderedEmail email = accessLink != null ? emails.render(letter, consultation, accessLink)
                : simpleEmails.computeIfAbsent(letter.id(), id -> emails.render(letter, consultation, null));
        List<Attachment> joined = sentAttachments.computeIfAbsent(letter.id(),
                id -> keptAsEvidence(attachments.ready(AttachmentStore.Owner.letter(id))));
        // A simple email carries its files; with the access link they stay on the content page.
        List<Mailer.FileContent> carried = letter.sendMode() == SendMode.SIMPLE
                ? joined.stream().map(a -> new Mailer.FileContent(a.fileName(), a.contentType(),
                files.read(a.storageKey()))).toList()
                : List.of();
        Map<String, String> tags = Map.of("deliveryId", delivery.id(), "attempt", Integer.toString(dispatch.attempt()));
        String attemptId = delivery.id() + ":" + dispatch.attempt();
        try {
            String messageId = mailer.send(new Mailer.OutgoingEmail(delivery.recipient().email(), email.subject(),
                    email.html(), email.text(), carried, tags));
            deliveries.record(delivery.id(), new DeliveryEvent("sent:" + attemptId, EventType.SENT, clock.instant(),
                    dispatch.attempt(), letter.author().id(), Map.of(
                    DeliveryEvent.MESSAGE_ID, messageId,
                    "recipient", delivery.recipient().email(),
                    "subject", letter.subject(),
                    DeliveryEvent.BODY_SHA256, Hashes.sha256(letter.body()),
                    DeliveryEvent.ATTACHMENTS, Evidence.files(joined),
                    "agentName", letter.author().name() == null ? "" : letter.author().name())));
            return Outcome.SENT;
        } catch (Mailer.MailThrottledException e) {
            deliveries.releaseClaim(delivery.id(), dispatch.attempt());
            LOG.warning(() -> "Delivery " + delivery.id() + " attempt " + dispatch.attempt() + " not sent, "
                    + e.serviceCode() + ": " + e.getMessage());
            return Outcome.THROTTLED;
        } catch (Mailer.MailRejectedException e) {
            deliveries.record(delivery.id(), new DeliveryEvent("rejected:" + attemptId, EventType.REJECTED,
                    clock.instant(), dispatch.attempt(), "SES", Map.of(
                    DeliveryEvent.REASON, "Envoi refusé par le service d'envoi : " + e.getMessage(),
                    "sesErrorCode", e.serviceCode())));
            return Outcome.REJECTED;
        }
    }

    /** A sent letter's files are evidence: locked before the first email that refers to them leaves. */
    private List<Attachment> keptAsEvidence(List<Attachment> sent) {
        sent.forEach(file -> files.keepAsEvidence(file.storageKey()));
        return sent;
    }
}
