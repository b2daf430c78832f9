package dev.orgexport.platform.event;

import dev.orgexport.platform.failure.PlatformException;
import java.time.Duration;
import java.util.Objects;

/**
 * A transient failure will be retried after {@code wait}, without a thread waiting for it.
 *
 * @param orgId     the org
 * @param operation the operation, e.g. {@code submit}
 * @param attempt   the attempt that failed, from 1
 * @param delay     the wait before the next attempt (the {@code Retry-After} of a 429, else the backoff)
 * @param failure   the failure of that attempt
 */
public record RetryScheduled(String orgId, String operation, int attempt, Duration delay, PlatformException failure) {

    public RetryScheduled {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(failure, "failure");
    }
}
