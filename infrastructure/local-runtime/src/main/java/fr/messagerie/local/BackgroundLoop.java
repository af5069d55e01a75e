package fr.messagerie.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A daemon thread repeating one step: again at once while the step found work, after a short idle wait otherwise.
 * A failing step is logged and retried after the wait.
 */
final class BackgroundLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLoop.class);

    private final Thread thread;
    private volatile boolean running = true;

    /** {@code step} returns true when it found work. */
    BackgroundLoop(String name, Duration idleWait, BooleanSupplier step) {
        this.thread = new Thread(() -> {
            while (running) {
                boolean busy;
                try {
                    busy = step.getAsBoolean();
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("{} failed; retrying", name, e);
                    busy = false;
                }
                if (!busy && !pause(idleWait)) {
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops after the current step: not interrupted, a function invocation is never cut short. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
