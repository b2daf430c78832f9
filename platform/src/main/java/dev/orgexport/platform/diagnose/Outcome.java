package dev.orgexport.platform.diagnose;

import dev.orgexport.platform.failure.PlatformException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The value or the classified failure of one diagnostic request, after waiting for it. */
record Outcome<T>(T value, PlatformException failure) {

    boolean ok() {
        return failure == null;
    }

    static <T> Outcome<T> await(CompletableFuture<T> future) {
        try {
            return new Outcome<>(future.get(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while diagnosing", e);
        } catch (ExecutionException e) {
            PlatformException failure = PlatformException.unwrap(e.getCause()).orElseThrow(
                    () -> new CompletionException(e.getCause()));
            return new Outcome<>(null, failure);
        }
    }

    /** "401 invalid_client "authentication failed" (correlation id X)". */
    String describeFailure() {
        var details = failure.details();
        StringBuilder line = new StringBuilder();
        line.append(details.httpStatus() == 0 ? "no answer" : details.httpStatus());
        if (details.errorCode() != null) {
            line.append(' ').append(details.errorCode());
        }
        if (details.platformMessage() != null) {
            line.append(" \"").append(details.platformMessage()).append('"');
        }
        line.append(" -> ").append(details.kind());
        if (details.correlationId() != null) {
            line.append(" (correlation id ").append(details.correlationId()).append(')');
        }
        return line.toString();
    }
}
