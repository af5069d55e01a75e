package fr.messagerie.delivery;

import java.util.Map;

/**
 * The contract between the send function and the events function: the message tags each email carries through the
 * mail service, which its events (delivery, bounce, complaint…) bring back, naming the delivery and the attempt.
 */
public record MessageTags(String deliveryId, int attempt) {
    public static final String DELIVERY_ID = "deliveryId";
    public static final String ATTEMPT = "attempt";

    public Map<String, String> asMap() {
        return Map.of(DELIVERY_ID, deliveryId, ATTEMPT, Integer.toString(attempt));
    }
}
