package fr.messagerie.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a use case runs beside another one (they only wait on I/O, one virtual thread each), joined with the failure
 * they ended with, as if they had run on the caller's thread.
 */
public final class Reads {
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private Reads() {
    }

    public static <T> Future<T> start(Callable<T> read) {
        return THREADS.submit(read);
    }

    public static <T> T joined(Future<T> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a read", e);
        }
    }
}
