package fr.messagerie.delivery;


import java.util.logging.Logger;

/**
 * Records a fact about a delivery (reported by the mail service, or caused by an agent or the recipient): appends it
 * to the log and stores the projection folded with it, in one write, at most once whatever the order of arrival.
 */
public final class RecordDeliveryEvent {
    private static final Logger LOG = Logger.getLogger(RecordDeliveryEvent.class.getName());
    /** Each retry follows a write of another event or star: only a burst on one delivery gets this far. */
    static final int MAX_TRIES = 20;

    private final DeliveryLog deliveries;

    public RecordDeliveryEvent(DeliveryLog deliveries) {
        this.deliveries = deliveries;
    }

    public enum Outcome {
        RECORDED,
        DUPLICATE,
        UNKNOWN_DELIVERY
    }

    public Outcome record(String deliveryId, DeliveryEvent event) {
        return record(deliveryId, null, event);
    }

    /** The same, starting from the head the caller just read ({@code null} to read it). */
    public Outcome record(String deliveryId, DeliveryLog.LogHead known, DeliveryEvent event) {
        DeliveryLog.LogHead read = known;
        for (int tries = 1; tries <= MAX_TRIES; tries++) {
            DeliveryLog.LogHead head = read != null ? read : deliveries.head(deliveryId).orElse(null);
            read = null;
            if (head == null) {
                LOG.warning(() -> "Event for an unknown delivery, acknowledged: " + deliveryId + " " + event.id());
                return Outcome.UNKNOWN_DELIVERY;
            }
            switch (deliveries.append(deliveryId, head, event, head.projection().with(event))) {
                case APPENDED:
                    return Outcome.RECORDED;
                case DUPLICATE:
                    return Outcome.DUPLICATE;
                case STALE:
                default:
                    break;
            }
        }
        // Nothing was written: the caller's retry (the queue's, or the person's) records it later.
        throw new IllegalStateException("Delivery " + deliveryId + " changed " + MAX_TRIES
                + " times while recording " + event.id());
    }
}
