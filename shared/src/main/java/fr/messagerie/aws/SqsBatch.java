package fr.messagerie.aws;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Partial batch responses: each message is processed on its own; the ones that failed, or asked to be retried, are
 * reported so that SQS redelivers only them (and moves them to the dead-letter queue after too many attempts).
 * Messages may be processed one after the other, or several at a time on virtual threads (their calls to the AWS
 * services then overlap: an invocation waits on its slowest message instead of on the sum of them); either way the
 * failures are reported in the batch's order, and an invocation returns only once every message is done with.
 */
public final class SqsBatch {
    private static final Logger LOG = Logger.getLogger(SqsBatch.class.getName());
    /**
     * How many messages of one batch the functions that process a batch concurrently (ses-events, send) have in
     * progress at once: all of them, with the template's BatchSize of 10.
     */
    public static final int PARALLELISM = 10;

    private SqsBatch() {
    }

    /** @param processor returns true when the message is done with, false to have it delivered again later */
    public static SQSBatchResponse process(SQSEvent event, Predicate<SQSEvent.SQSMessage> processor) {
        return process(event, 1, processor);
    }

    /**
     * The same, with at most {@code parallelism} messages in progress at a time (1: one after the other, on the
     * calling thread). The processor must then be safe to run on several messages at once.
     */
    public static SQSBatchResponse process(SQSEvent event, int parallelism, Predicate<SQSEvent.SQSMessage> processor) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        boolean[] done = new boolean[messages.size()];
        concurrently(messages, 0, parallelism, processor, done);
        return response(messages, done);
    }

    /**
     * The first message alone, then the others at most {@code parallelism} at a time: what the processor learns from
     * the first (a service that declines for now) it can tell the others before any of them starts; what it learns
     * later reaches those not yet started, while at most {@code parallelism - 1} others are already under way.
     */
    public static SQSBatchResponse processFirstAlone(SQSEvent event, int parallelism,
                                                     Predicate<SQSEvent.SQSMessage> processor) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        boolean[] done = new boolean[messages.size()];
        if (!messages.isEmpty()) {
            done[0] = attempt(processor, messages.get(0));
        }
        concurrently(messages, 1, parallelism, processor, done);
        return response(messages, done);
    }

    private static SQSBatchResponse response(List<SQSEvent.SQSMessage> messages, boolean[] done) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!done[i]) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(messages.get(i).getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * Messages {@code from} onwards, one virtual thread per message, at most {@code parallelism} of them working at once. An {@link Error} (out of
     * memory…) still fails the whole invocation, as it would one after the other, once the other messages are done.
     */
    private static void concurrently(List<SQSEvent.SQSMessage> messages, int from, int parallelism,
                                     Predicate<SQSEvent.SQSMessage> processor, boolean[] done) {
        if (parallelism == 1 || messages.size() - from < 2) {
            for (int i = from; i < messages.size(); i++) {
                done[i] = attempt(processor, messages.get(i));
            }
            return;
        }
        Semaphore slots = new Semaphore(parallelism);
        AtomicReference<Error> error = new AtomicReference<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = from; i < messages.size(); i++) {
                int index = i;
                slots.acquireUninterruptibly();
                threads.execute(() -> {
                    try {
                        done[index] = attempt(processor, messages.get(index));
                    } catch (Error e) {
                        error.compareAndSet(null, e);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        // Closing the executor waited for every message: their results are visible here.
        if (error.get() != null) {
            throw error.get();
        }
    }

    private static boolean attempt(Predicate<SQSEvent.SQSMessage> processor, SQSEvent.SQSMessage message) {
        try {
            return processor.test(message);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Message " + message.getMessageId() + " failed, it will be retried", e);
            return false;
        }
    }
}
