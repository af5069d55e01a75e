package fr.messagerie.delivery;

import fr.messagerie.common.Hashes;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.Evidence;
import fr.messagerie.files.FileStore;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterEmails;
import fr.messagerie.letters.LetterStore;
import fr.messagerie.letters.SendMode;
import fr.messagerie.recipient.AccessTokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Sends the email of one delivery, once: a claim taken before calling the mail service keeps two copies of the same
 * dispatch from both sending, and the "sent" event recorded afterwards turns any later copy into a no-op.
 */
public final class DispatchDelivery {
    private static final Logger LOG = Logger.getLogger(DispatchDelivery.class.getName());
    /** Longer than one send takes: past it, a claim left by a crashed sender can be taken over. */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(60);
    /** How many sent letters a container keeps (see {@link #recent}). */
    static final int KEPT_LETTERS = 16;

    private final LetterStore letters;
    private final DeliveryLog deliveries;
    private final DispatchClaims claims;
    private final RecordDeliveryEvent log;
    private final AttachmentStore attachments;
    private final FileStore files;
    private final LetterEmails emails;
    private final Mailer mailer;
    private final String recipientBaseUrl;
    private final Clock clock;
    private final Function<String, String> tokens;
    /**
     * A sent letter, its files and its simple email (the same for all its recipients) are frozen: the last few
     * letters are kept, since a letter's dispatches arrive together, and older ones are read again if needed.
     */
    private final Map<String, SentLetter> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SentLetter> eldest) {
            return size() > KEPT_LETTERS;
        }
    };

    /** The email of a simple letter; null with the access link, whose email differs by recipient. */
    private record SentLetter(Letter letter, List<Attachment> files, LetterEmails.RenderedEmail simpleEmail) {
    }

    public DispatchDelivery(LetterStore letters, DeliveryLog deliveries, DispatchClaims claims,
                            AttachmentStore attachments, FileStore files, LetterEmails emails, Mailer mailer,
                            String recipientBaseUrl, Clock clock) {
        this(letters, deliveries, claims, attachments, files, emails, mailer, recipientBaseUrl, clock,
                AccessTokens::newToken);
    }

    /**
     * @param tokens draws the token of each access link from the delivery's id: {@link AccessTokens#newToken}, but
     *               for a priming twin
     */
    public DispatchDelivery(LetterStore letters, DeliveryLog deliveries, DispatchClaims claims,
                            AttachmentStore attachments, FileStore files, LetterEmails emails, Mailer mailer,
                            String recipientBaseUrl, Clock clock, Function<String, String> tokens) {
        this.tokens = tokens;
        this.letters = letters;
        this.deliveries = deliveries;
        this.claims = claims;
        this.log = new RecordDeliveryEvent(deliveries);
        this.attachments = attachments;
        this.files = files;
        this.emails = emails;
        this.mailer = mailer;
        this.recipientBaseUrl = AccessTokens.baseUrl(recipientBaseUrl);
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
        DeliveryLog.LogHead head = deliveries.head(dispatch.deliveryId()).orElse(null);
        if (head == null) {
            LOG.warning(() -> "Dispatch for an unknown delivery, dropped: " + dispatch);
            return Outcome.UNKNOWN_DELIVERY;
        }
        if (head.projection().dispatchedAttempt() >= dispatch.attempt()) {
            return Outcome.ALREADY_SENT;
        }
        Delivery delivery = head.delivery();
        SentLetter sent = sentLetter(delivery.letterId());
        Letter letter = sent.letter();
        List<Attachment> joined = sent.files();
        // With the access link, each email carries its own token, stored with the claim.
        String token = sent.simpleEmail() == null ? tokens.apply(delivery.id()) : null;
        Instant now = clock.instant();
        DispatchClaims.AccessGrant grant = token == null ? null
                : new DispatchClaims.AccessGrant(AccessTokens.hash(token), now, now.plus(AccessTokens.VALIDITY));
        switch (claims.claim(delivery.id(), dispatch.attempt(), now, CLAIM_LEASE, grant)) {
            case ALREADY_SENT:
                return Outcome.ALREADY_SENT;
            case HELD_BY_ANOTHER:
                return Outcome.RETRY_LATER;
            case GRANTED:
            default:
                break;
        }
        LetterEmails.RenderedEmail email = token == null ? sent.simpleEmail()
                : emails.render(letter, letter.consultation(), recipientBaseUrl + "/r/" + token);
        // A simple email carries its files; with the access link they stay on the content page.
        List<Mailer.FileContent> carried = letter.sendMode() == SendMode.SIMPLE
                ? joined.stream().map(a -> new Mailer.FileContent(a.fileName(), a.contentType(),
                files.read(a.storageKey()))).toList()
                : List.of();
        Map<String, String> tags = new MessageTags(delivery.id(), dispatch.attempt()).asMap();
        String attemptId = delivery.id() + ":" + dispatch.attempt();
        try {
            String messageId = mailer.send(new Mailer.OutgoingEmail(delivery.recipient().email(), email.subject(),
                    email.html(), email.text(), carried, tags));
            log.record(delivery.id(), head, new DeliveryEvent("sent:" + attemptId, EventType.SENT, clock.instant(),
                    dispatch.attempt(), letter.author().id(), Map.of(
                    DeliveryEvent.MESSAGE_ID, messageId,
                    "recipient", delivery.recipient().email(),
                    "subject", letter.subject(),
                    DeliveryEvent.BODY_SHA256, Hashes.sha256(letter.body()),
                    DeliveryEvent.AGENT_NAME, letter.author().displayName()), Evidence.fingerprints(joined)));
            return Outcome.SENT;
        } catch (Mailer.MailThrottledException e) {
            claims.releaseClaim(delivery.id(), dispatch.attempt());
            LOG.warning(() -> "Delivery " + delivery.id() + " attempt " + dispatch.attempt() + " not sent, "
                    + e.serviceCode() + ": " + e.getMessage());
            return Outcome.THROTTLED;
        } catch (Mailer.MailRejectedException e) {
            log.record(delivery.id(), head, new DeliveryEvent("rejected:" + attemptId, EventType.REJECTED,
                    clock.instant(), dispatch.attempt(), DeliveryEvent.MAIL_SERVICE, Map.of(
                    DeliveryEvent.REASON, "Envoi refusé par le service d'envoi : " + e.getMessage(),
                    "sesErrorCode", e.serviceCode())));
            return Outcome.REJECTED;
        }
    }

    private synchronized SentLetter sentLetter(String letterId) {
        SentLetter sent = recent.get(letterId);
        if (sent == null) {
            Letter letter = letters.find(letterId).orElseThrow();
            // The consultation inside the letter is the one frozen at sending, whatever the platform changed since.
            sent = new SentLetter(letter, keptAsEvidence(attachments.ready(AttachmentStore.Owner.letter(letterId))),
                    letter.sendMode() == SendMode.SIMPLE ? emails.render(letter, letter.consultation(), null) : null);
            recent.put(letterId, sent);
        }
        return sent;
    }

    /** A sent letter's files are evidence: locked before the first email that refers to them leaves. */
    private List<Attachment> keptAsEvidence(List<Attachment> sent) {
        sent.forEach(file -> files.keepAsEvidence(file.storageKey()));
        return sent;
    }
}
