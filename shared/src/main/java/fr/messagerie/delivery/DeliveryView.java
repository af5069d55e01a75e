package fr.messagerie.delivery;


/** A delivery with its projected status, as lists show it. */
public record DeliveryView(Delivery delivery, DeliveryStatus status, String nonDeliveryReason) {
}
