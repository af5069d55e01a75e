package fr.messagerie.delivery;

import java.util.List;
import java.util.Optional;

/** The append-only event log of each delivery, with the projection stored beside it. */
public interface DeliveryLog {
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
     * @param links    the access links granted with its emails, one per attempt sent with the access link
     */
    record LogHead(Delivery delivery, DeliveryProjection projection, boolean favorite,
                   List<DispatchClaims.AccessGrant> links) {
        public LogHead {
            links = links == null ? List.of() : List.copyOf(links);
        }

        public LogHead(Delivery delivery, DeliveryProjection projection, boolean favorite) {
            this(delivery, projection, favorite, List.of());
        }
    }

    enum Append {
        APPENDED,
        /** The same event (same id) is recorded already: nothing changed. */
        DUPLICATE,
        /** Another event or a star came in since the head was read: read it again. */
        STALE
    }
}
