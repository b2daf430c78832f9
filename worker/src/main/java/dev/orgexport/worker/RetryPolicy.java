package dev.orgexport.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a run waits after a failed attempt, and when it stops trying. The wait after attempt
 * {@code n} is {@code initialBackoff * multiplier^(n-1)}, capped at {@code maxBackoff}, then
 * spread by up to {@code ±jitter} of itself so that runs failed together do not retry together.
 * A run is FAILED once it has made {@code maxAttempts} attempts or is older than {@code maxAge}.
 *
 * @param maxAttempts    attempts before FAILED, 1 to 1000 (default 8); waits that made no platform
 *                       call (data not yet available, org quarantined) do not count
 * @param maxAge         age of the run (from its creation) after which it is FAILED, 1 min to 365 days (default 2 days)
 * @param initialBackoff wait after the first failed attempt, 1 ms to 1 day (default 30 s)
 * @param maxBackoff     longest wait, at least {@code initialBackoff}, at most 7 days (default 30 min)
 * @param multiplier     growth per attempt, 1.0 to 10.0 (default 2.0)
 * @param jitter         spread as a fraction of the wait, 0.0 to 1.0 exclusive (default 0.2)
 */
public record RetryPolicy(int maxAttempts, Duration maxAge, Duration initialBackoff, Duration maxBackoff,
                          double multiplier, double jitter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofDays(2), Duration.ofSeconds(30),
            Duration.ofMinutes(30), 2.0, 0.2);

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 1000) {
            throw new IllegalArgumentException("worker.retry.max-attempts must be between 1 and 1000, but was " + maxAttempts);
        }
        WorkerConfig.requireBetween("worker.retry.max-age", maxAge, Duration.ofMinutes(1), Duration.ofDays(365));
        WorkerConfig.requireBetween("worker.retry.initial-backoff", initialBackoff, Duration.ofMillis(1), Duration.ofDays(1));
        WorkerConfig.requireBetween("worker.retry.max-backoff", maxBackoff, initialBackoff, Duration.ofDays(7));
        if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
            throw new IllegalArgumentException("worker.retry.multiplier must be between 1.0 and 10.0, but was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("worker.retry.jitter must be at least 0.0 and below 1.0, but was " + jitter);
        }
    }

    /** The wait after failed attempt {@code attempt} (from 1), jittered with {@code random}. */
    public Duration backoff(int attempt, RandomGenerator random) {
        double base = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxBackoff.toMillis());
        double spread = jitter == 0.0 ? 0.0 : capped * jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(capped + spread)));
    }

    /** True when a run that made {@code attempts} attempts and was created at {@code createdAt} must stop. */
    public boolean exhausted(int attempts, Instant createdAt, Instant now) {
        Objects.requireNonNull(createdAt, "createdAt");
        return attempts >= maxAttempts || !createdAt.plus(maxAge).isAfter(now);
    }
}
