package fr.messagerie.delivery;

import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterText;
import fr.messagerie.recipient.Reply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Deliveries and their append-only event logs. */
public interface DeliveryStore {

    /**
     * Creates the delivery unless it exists already (fan-out retried after a crash), with the facts of its letter the
     * tracking list shows.
     */
    void createIfAbsent(Delivery delivery, Letter letter);

    /** The same, with the letter's text for the tracking list worked out once for all its deliveries. */
    default void createIfAbsent(Delivery delivery, Letter letter, LetterText text) {
        createIfAbsent(delivery, letter);
    }

    /**
     * The same for deliveries of one letter and one consultation, in as few writes as the store allows: each is
     * created unless it exists, and counted once.
     */
    default void createAllIfAbsent(List<Delivery> deliveries, Letter letter, LetterText text) {
        deliveries.forEach(delivery -> createIfAbsent(delivery, letter, text));
    }

    Optional<Delivery> find(String deliveryId);

    /**
     * The delivery with its event log (in no particular order) and its reply, as its thread shows them, read together
     * (they share the delivery's partition); empty for an unknown delivery.
     */
    default Optional<WithLog> findWithLog(String deliveryId) {
        return find(deliveryId).map(delivery -> new WithLog(delivery, events(deliveryId), reply(deliveryId)));
    }

    record WithLog(Delivery delivery, List<DeliveryEvent> events, Optional<Reply> reply) {
    }

    List<DeliveryView> ofLetter(String letterId);

    List<DeliveryEvent> events(String deliveryId);

    /** Where the next event of a delivery's log starts from; empty for an unknown delivery. */
    Optional<LogHead> head(String deliveryId);

    /**
     * Appends {@code event} and stores {@code after}, the head's projection with it, in one atomic write, unless the
     * event is in the log already or the log moved since {@code head} was read.
     */
    Append append(String deliveryId, LogHead head, DeliveryEvent event, DeliveryProjection after);

    /**
     * @param favorite whether an agent starred the delivery: the favourites' counts move with its status
     */
    record LogHead(Delivery delivery, DeliveryProjection projection, boolean favorite) {
    }

    enum Append {
        APPENDED,
        /** The same event (same id) is recorded already: nothing changed. */
        DUPLICATE,
        /** Another event or a star came in since the head was read: read it again. */
        STALE
    }

    /**
     * Takes the right to send attempt {@code attempt} of a delivery for {@code lease}, unless it was already sent or
     * another sender holds an unexpired claim; with {@code grant}, stores in the same write the access-link token the
     * email will carry (a refused claim stores none).
     */
    DispatchClaim claim(String deliveryId, int attempt, Instant now, Duration lease, AccessGrant grant);

    /** The hash of an access-link token bound to the claimed delivery, valid until {@code validUntil}. */
    record AccessGrant(String tokenHash, Instant createdAt, Instant validUntil) {
    }

    /** Gives up the claim on attempt {@code attempt} when nothing was sent: the next try need not wait for its lease. */
    void releaseClaim(String deliveryId, int attempt);

    /** The delivery an access-link token opens, unless the token is unknown, revoked or expired. */
    Optional<String> deliveryOfToken(String tokenHash, Instant now);

    /** The deliveries of one consultation to one address (its {@link fr.messagerie.letters.Recipient#key()}), newest first. */
    List<DeliveryView> toRecipient(String organismId, String consultationId, String recipientKey);

    /** Stores the reply of a delivery; false when it already has one. */
    boolean saveReply(Reply reply);

    Optional<Reply> reply(String deliveryId);

    enum DispatchClaim {
        GRANTED,
        ALREADY_SENT,
        HELD_BY_ANOTHER
    }
}
