package fr.messagerie.tracking;

import fr.messagerie.common.Agent;
import fr.messagerie.tracking.Threads.Thread;

/** The detail screen of one delivery: its letter, its events, its reply as the sealing rule lets agents see it. */
public final class ShowThread {
    private final Threads threads;

    public ShowThread(Threads threads) {
        this.threads = threads;
    }

    public Thread show(Agent agent, String deliveryId) {
        return threads.thread(agent, deliveryId);
    }
}
