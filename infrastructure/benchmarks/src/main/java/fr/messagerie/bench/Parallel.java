package fr.messagerie.bench;

import fr.messagerie.sam.SqsBatchOutcome;
import fr.messagerie.sam.SqsFunctionPump;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Work spread over a few threads, as several Lambda containers (or SDK callers) would run it. */
final class Parallel {
    private Parallel() {
    }

    /** Runs {@code task(0..count-1)} on {@code threads} threads; returns when all are done. */
    static void forEach(int count, int threads, IntConsumer task) {
        AtomicInteger next = new AtomicInteger();
        onThreads(threads, () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.accept(i);
            }
        });
    }

    /**
     * Invokes an SQS-triggered function on batches of its queue from several threads (one handler instance, like
     * concurrent invocations), until each thread finds the queue empty. Returns the number of messages handled.
     */
    static int drain(SqsFunctionPump pump, String functionId, int threads) {
        AtomicInteger handled = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        onThreads(threads, () -> {
            for (SqsBatchOutcome outcome = pump.pumpOnce(functionId); !outcome.isEmpty();
                 outcome = pump.pumpOnce(functionId)) {
                handled.addAndGet(outcome.deletedCount());
                failed.addAndGet(outcome.failedMessageIds().size());
            }
        });
        if (failed.get() > 0) {
            throw new IllegalStateException(functionId + " failed on " + failed.get() + " message(s)");
        }
        return handled.get();
    }

    private static void onThreads(int threads, Runnable body) {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(body));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            executor.shutdownNow();
        }
    }
}
