package fr.messagerie.delivery;

import java.util.List;

/** Hands deliveries to the send function. Delivering a dispatch twice is harmless: sending is idempotent. */
public interface DispatchQueue {
    void enqueue(List<Dispatch> dispatches);

    record Dispatch(String deliveryId, int attempt) {
    }
}
