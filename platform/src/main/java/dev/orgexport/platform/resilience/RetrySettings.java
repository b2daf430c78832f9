package dev.orgexport.platform.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry of transient failures ({@code PLATFORM_UNAVAILABLE}, {@code RATE_LIMITED}) within one
 * call. Backoff is exponential with full jitter: before attempt n+1 the wait is uniformly drawn
 * from {@code [0, min(maxBackoff, initialBackoff * 2^(n-1))]}, so many orgs hit by one incident do
 * not retry in lockstep. A 429 waits its {@code Retry-After} instead; one longer than
 * {@code maxRetryAfter} is not retried here but returned (still retryable) for the caller to
 * schedule.
 *
 * @param maxAttempts    attempts per call, the first included. Default 5.
 * @param initialBackoff upper bound of the first backoff. Default 500 ms.
 * @param maxBackoff     cap of the backoff bound. Default 30 s.
 * @param maxRetryAfter  longest {@code Retry-After} waited for in-process. Default 60 s.
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

    public RetrySettings {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("platform.retry.max-attempts must be between 1 and 100, but was " + maxAttempts);
        }
        Settings.positive("platform.retry.initial-backoff", initialBackoff);
        Settings.positive("platform.retry.max-backoff", maxBackoff);
        Objects.requireNonNull(maxRetryAfter, "platform.retry.max-retry-after");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("platform.retry.max-backoff must be at least "
                    + "platform.retry.initial-backoff (" + initialBackoff
                    + "), but was " + maxBackoff);
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("platform.retry.max-retry-after must not be negative, but was " + maxRetryAfter);
        }
    }

    public static RetrySettings defaults() {
        return new RetrySettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRY_AFTER);
    }

    public RetrySettings withMaxAttempts(int value) {
        return new RetrySettings(value, initialBackoff, maxBackoff, maxRetryAfter);
    }

    public RetrySettings withBackoff(Duration initial, Duration max) {
        return new RetrySettings(maxAttempts, initial, max, maxRetryAfter);
    }
}
