package fr.messagerie.recipient;

import fr.messagerie.delivery.DeliveryLog;

/**
 * A letter reached through a link: the token and the delivery's log head, which says whether the letter was read
 * and whether an agent disabled its link.
 */
public record Reached(String token, DeliveryLog.LogHead head) {
    public String deliveryId() {
        return head.delivery().id();
    }
}
