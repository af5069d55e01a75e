package fr.messagerie.proof;

import java.time.Instant;

/** Counts the requests for the proof of a delivery, per minute, so that the rate of each requester can be bounded. */
public interface ProofRequests {

    /**
     * Counts one request of {@code requester} ("agent", "recipient") for the proof of a delivery in the minute of
     * {@code at}.
     *
     * @return false, counting nothing, when {@code max} requests were already counted in that minute
     */
    boolean count(String deliveryId, String requester, Instant at, int max);
}
