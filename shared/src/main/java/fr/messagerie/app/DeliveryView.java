package fr.messagerie.app;

import fr.messagerie.domain.Delivery;
import fr.messagerie.domain.DeliveryStatus;

/** A delivery with its projected status, as lists show it. */
public record DeliveryView(Delivery delivery, DeliveryStatus status, String nonDeliveryReason) {
}
