package fr.messagerie.recipient;

import fr.messagerie.delivery.Delivery;
import fr.messagerie.delivery.DeliveryEvent;
import fr.messagerie.delivery.EventType;

import java.time.Instant;
import java.util.Map;

/**
 * The read receipt ("Lu par le destinataire"): recorded by the explicit "Accéder au contenu du courrier", or on the
 * way by a reply sent from a page not yet opened. Its id is the delivery's: the log keeps one, whatever the
 * repetitions, replays and races.
 */
public final class ReadReceipt {
    private ReadReceipt() {
    }

    /** The receipt of {@code delivery}, by its recipient, on the latest attempt. */
    public static DeliveryEvent of(Delivery delivery, int attempt, Instant at) {
        return new DeliveryEvent("read:" + delivery.id(), EventType.READ, at, attempt, delivery.recipient().email(),
                Map.of());
    }
}
