package fr.messagerie.local;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for asynchronous work (queues, SES feedback) by polling with a deadline, never by sleeping blindly. */
public final class Eventually {

    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private Eventually() {
    }

    /** Polls until the probe finds what it looks for, within {@link #DEADLINE}. */
    public static <T> T eventually(String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                return fail("Still waiting for " + what + " after " + DEADLINE);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("Interrupted while waiting for " + what);
            }
        }
    }
}
