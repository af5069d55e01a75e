package fr.messagerie.recipient;

import fr.messagerie.common.Bounds;
import fr.messagerie.delivery.AccessLinks;
import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.DeliveryLog;
import fr.messagerie.files.Attachment;
import fr.messagerie.files.AttachmentStore;
import fr.messagerie.files.AttachmentStore.Owner;
import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterStore;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The letter a link reaches, as its recipient sees it: what every action through the link of an email starts from.
 * The token authorises everything; another letter of the history is reached through the same token, only when it
 * went to the same company on the same consultation.
 */
public final class Exchanges {
    /** What a token may hold: an id's characters, then the secret's (URL-safe base64). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~-]{" + AccessTokens.SECRET_LENGTH + ","
            + (Bounds.MAX_ID_LENGTH + AccessTokens.SECRET_LENGTH) + "}");
    private final DeliveryLog logs;
    private final AccessLinks links;
    private final ReplyStore replies;
    private final LetterStore letters;
    private final AttachmentStore attachments;
    private final Clock clock;

    public Exchanges(DeliveryLog logs, AccessLinks links, ReplyStore replies, LetterStore letters,
                     AttachmentStore attachments, Clock clock) {
        this.logs = logs;
        this.links = links;
        this.replies = replies;
        this.letters = letters;
        this.attachments = attachments;
        this.clock = clock;
    }

    /**
     * The delivery a token opens, or the one of the same consultation to the same address named by {@code courrier};
     * empty for an unknown, revoked or expired token, for a letter the token does not reach, and when an agent
     * disabled the link of either letter ("Lien d'accès désactivé"). Reads only the logs' heads: the head of the
     * delivery the token names holds its links (a token of before, the secret alone, is found by its own item).
     */
    public Optional<Reached> reach(String token, String courrier) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        Optional<String> named = AccessTokens.deliveryOf(token);
        Optional<DeliveryLog.LogHead> own = named.isPresent()
                ? named.flatMap(logs::head).filter(head -> AccessTokens.opens(token, head.links(), clock.instant()))
                : links.deliveryOfToken(AccessTokens.hash(token), clock.instant()).flatMap(logs::head);
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

    /** The letter {@link #reach} finds, as its recipient sees it. */
    public Optional<Exchange> find(String token, String courrier) {
        return reach(token, courrier).map(reached -> load(token, reached.head().delivery()));
    }

    /** The letter of a delivery already reached through {@code token}, as it is now (after an action changed it). */
    public Exchange load(String token, Delivery delivery) {
        Letter letter = letters.find(delivery.letterId()).orElseThrow();
        Optional<Reply> reply = replies.reply(delivery.id());
        List<Attachment> replyFiles = reply.map(Reply::attachments)
                .orElseGet(() -> attachments.ready(Owner.reply(delivery.id())));
        return new Exchange(token, delivery, letter, letter.consultation(), attachments.ready(Owner.letter(letter.id())),
                DeliveryEvent.chronological(logs.events(delivery.id())), reply, replyFiles);
    }

    private static boolean sameCompanyAndConsultation(Delivery a, Delivery b) {
        return a.organismId().equals(b.organismId()) && a.consultationId().equals(b.consultationId())
                && a.recipient().key().equals(b.recipient().key());
    }
}
