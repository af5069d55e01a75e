package fr.messagerie.app;

import fr.messagerie.domain.Delivery;
import fr.messagerie.domain.DeliveryEvent;

import java.util.List;
import java.util.Optional;

/** Deliveries and their append-only event logs. */
public interface DeliveryStore {

    /** Creates the delivery unless it exists already (fan-out retried after a crash). */
    void createIfAbsent(Delivery delivery);

    Optional<Delivery> find(String deliveryId);

    List<DeliveryView> ofLetter(String letterId);

    List<DeliveryEvent> events(String deliveryId);

    /**
     * Appends an event and brings the delivery's projected status up to date.
     *
     * @return false when the same event (same id) was already recorded: nothing changed
     */
    boolean record(String deliveryId, DeliveryEvent event);

    /**
     * Takes the right to send attempt {@code attempt} of a delivery for {@code lease}: false if it was already sent,
     * or another sender holds an unexpired claim.
     */
    DispatchClaim claim(String deliveryId, int attempt, java.time.Instant now, java.time.Duration lease);

    /** Stores the hash of an access-link token bound to a delivery. */
    void saveAccessToken(String tokenHash, String deliveryId, java.time.Instant createdAt);

    enum DispatchClaim {
        GRANTED,
        ALREADY_SENT,
        HELD_BY_ANOTHER
    }
}
