package fr.messagerie.sesevents;

import fr.messagerie.delivery.DeliveryEvent;

import java.util.Objects;

/** What one SQS message from the SES events queue means for us. */
public sealed interface SesNotification {

    /**
     * An SES event about a message we sent, mapped to a delivery event.
     *
     * @param sesMessageId the message id SES assigned when we sent the email
     * @param deliveryId   our delivery id, read from the message tags
     */
    record Feedback(String sesMessageId, String deliveryId, DeliveryEvent event) implements SesNotification {
        public Feedback {
            Objects.requireNonNull(sesMessageId, "sesMessageId");
            Objects.requireNonNull(deliveryId, "deliveryId");
            Objects.requireNonNull(event, "event");
        }
    }

    /** A well-formed notification that records nothing (SNS handshake, Open/Click, message not ours…). */
    record Ignored(String why) implements SesNotification {
    }
}
