package fr.messagerie.proof;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Proof requests counted in memory as {@code DynamoDeliveryStore} counts them: one counter per delivery, requester
 * and minute (the minute of {@code at}, truncated), incremented only while under {@code max}.
 */
public final class InMemoryProofRequests implements ProofRequests {
    private final Map<String, Integer> counters = new HashMap<>();

    @Override
    public synchronized boolean count(String deliveryId, String requester, Instant at, int max) {
        String key = deliveryId + "#" + requester + "#" + at.truncatedTo(ChronoUnit.MINUTES);
        int counted = counters.getOrDefault(key, 0);
        if (counted >= max) {
            return false;
        }
        counters.put(key, counted + 1);
        return true;
    }

    /** How many requests of {@code requester} were counted for the delivery in the minute of {@code at}. */
    public synchronized int counted(String deliveryId, String requester, Instant at) {
        return counters.getOrDefault(deliveryId + "#" + requester + "#" + at.truncatedTo(ChronoUnit.MINUTES), 0);
    }
}
