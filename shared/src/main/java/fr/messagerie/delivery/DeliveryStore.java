package fr.messagerie.delivery;

import fr.messagerie.letters.Letter;
import fr.messagerie.letters.LetterText;
import fr.messagerie.recipient.Reply;

import java.util.List;
import java.util.Optional;

/** Deliveries: created once per recipient of a letter, found by id, by letter and by recipient. */
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
    Optional<WithLog> findWithLog(String deliveryId);

    record WithLog(Delivery delivery, List<DeliveryEvent> events, Optional<Reply> reply) {
    }

    List<DeliveryView> ofLetter(String letterId);

    /** The deliveries of one consultation to one address (its {@link fr.messagerie.letters.Recipient#key()}), newest first. */
    List<DeliveryView> toRecipient(String organismId, String consultationId, String recipientKey);

}
