package fr.messagerie.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * The dispatch queue in memory: records every dispatch enqueued, in order (the same one twice if it was enqueued
 * twice: the send function copes with copies). A failure can be planned for a later call, as SQS refusing a batch.
 */
public final class InMemoryDispatchQueue implements DispatchQueue {
    private final List<Dispatch> enqueued = new ArrayList<>();
    private final List<List<Dispatch>> calls = new ArrayList<>();
    private int successesBeforeFailure = -1;
    private RuntimeException failure;

    public InMemoryDispatchQueue() {
    }

    /** The next {@code successes} calls go through, the one after throws {@code failure} (once), enqueuing nothing. */
    public synchronized void failAfter(int successes, RuntimeException failure) {
        this.successesBeforeFailure = successes;
        this.failure = failure;
    }

    /** The next call throws {@code failure}, enqueuing nothing. */
    public void failNext(RuntimeException failure) {
        failAfter(0, failure);
    }

    @Override
    public synchronized void enqueue(List<Dispatch> dispatches) {
        if (failure != null) {
            if (successesBeforeFailure == 0) {
                RuntimeException thrown = failure;
                failure = null;
                successesBeforeFailure = -1;
                throw thrown;
            }
            successesBeforeFailure--;
        }
        calls.add(List.copyOf(dispatches));
        enqueued.addAll(dispatches);
    }

    /** Every dispatch enqueued so far, in order. */
    public synchronized List<Dispatch> enqueued() {
        return List.copyOf(enqueued);
    }

    /** The delivery ids enqueued so far, in order, with their repetitions. */
    public synchronized List<String> deliveryIds() {
        return enqueued.stream().map(Dispatch::deliveryId).toList();
    }

    /** What each successful call to {@link #enqueue} handed over. */
    public synchronized List<List<Dispatch>> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clear() {
        enqueued.clear();
        calls.clear();
    }
}
