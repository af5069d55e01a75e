package fr.messagerie.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations measured in nanoseconds, summarised in milliseconds. */
final class Samples {
    private final List<Long> nanos = new ArrayList<>();

    /** Something measured that can throw. */
    interface Action {
        void run() throws Exception;
    }

    static Samples time(int iterations, Action action) {
        Samples samples = new Samples();
        for (int i = 0; i < iterations; i++) {
            samples.add(elapsed(action));
        }
        return samples;
    }

    static long elapsed(Action action) {
        long begin = System.nanoTime();
        try {
            action.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - begin;
    }

    synchronized void add(long elapsedNanos) {
        nanos.add(elapsedNanos);
    }

    int count() {
        return nanos.size();
    }

    double p50() {
        return percentile(50);
    }

    double p99() {
        return percentile(99);
    }

    /** Nearest-rank percentile, in milliseconds. */
    synchronized double percentile(int percent) {
        if (nanos.isEmpty()) {
            throw new IllegalStateException("no sample");
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }
}
