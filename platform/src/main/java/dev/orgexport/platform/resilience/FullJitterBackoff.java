package dev.orgexport.platform.resilience;

import dev.orgexport.platform.failure.PlatformException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The wait before the next attempt: a 429's {@code Retry-After}, else exponential backoff with
 * full jitter ({@code uniform(0, min(max, initial * 2^(attempt-1)))}, AWS's "full jitter"), which
 * spreads the retries of many orgs failing at once. Thread-safe: draws are synchronized on the
 * generator (retries are rare; a contended lock there costs nothing that matters).
 */
final class FullJitterBackoff implements IntervalBiFunction<Object> {

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    FullJitterBackoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = Objects.requireNonNull(random, "random");
    }

    /** @param attempt the attempt that just failed, from 1 */
    @Override
    public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
        if (outcome.isLeft()) {
            Duration retryAfter = PlatformException.unwrap(outcome.getLeft())
                    .flatMap(PlatformException::retryAfter).orElse(null);
            if (retryAfter != null) {
                return retryAfter.toMillis();
            }
        }
        return backoffMillis(attempt);
    }

    long backoffMillis(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long bound = Math.min(maxMillis, initialMillis << doublings);
        if (bound <= 0) {
            return 0;
        }
        synchronized (random) {
            return random.nextLong(bound + 1);
        }
    }
}
