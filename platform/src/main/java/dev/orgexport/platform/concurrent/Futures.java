package dev.orgexport.platform.concurrent;

import dev.orgexport.platform.failure.PlatformException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for the platform's {@link CompletableFuture}s. */
public final class Futures {

    private Futures() {
    }

    /**
     * Waits for a platform future and returns its value, rethrowing a platform failure as the
     * {@link PlatformException} itself rather than wrapped. The blocking convenience for callers
     * that run on their own threads (CLI, tests).
     *
     * @throws PlatformException   the classified failure
     * @throws CompletionException any other failure, wrapped
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for the platform", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PlatformException platform) {
                throw platform;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(cause);
        }
    }

    /** The throwable inside {@link CompletionException} / {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
