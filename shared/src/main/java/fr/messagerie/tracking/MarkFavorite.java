package fr.messagerie.tracking;

import fr.messagerie.common.Agent;

/** "★ favoris": marks a line of the tracking list, or unmarks it. */
public final class MarkFavorite {
    private final Threads threads;
    private final TrackingStore tracking;

    public MarkFavorite(Threads threads, TrackingStore tracking) {
        this.threads = threads;
        this.tracking = tracking;
    }

    public void mark(Agent agent, String deliveryId, boolean favorite) {
        threads.delivery(agent, deliveryId);
        tracking.setFavorite(deliveryId, favorite);
    }
}
