package fr.messagerie.app;

import fr.messagerie.domain.DeliveryEvent;

import java.util.logging.Logger;

/** Records what the mail service reports about a delivery: at most once, whatever the order of arrival. */
public final class RecordDeliveryEvent {
    private static final Logger LOG = Logger.getLogger(RecordDeliveryEvent.class.getName());

    private final DeliveryStore deliveries;

    public RecordDeliveryEvent(DeliveryStore deliveries) {
        this.deliveries = deliveries;
    }

    public enum Outcome {
        RECORDED,
        DUPLICATE,
        UNKNOWN_DELIVERY
    }

    public Outcome record(String deliveryId, DeliveryEvent event) {
        if (deliveries.find(deliveryId).isEmpty()) {
            LOG.warning(() -> "Event for an unknown delivery, acknowledged: " + deliveryId + " " + event.id());
            return Outcome.UNKNOWN_DELIVERY;
        }
        return deliveries.record(deliveryId, event) ? Outcome.RECORDED : Outcome.DUPLICATE;
    }
}
