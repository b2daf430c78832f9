package dev.orgexport.platform.resilience;

import java.time.Duration;

/**
 * The per-org circuit breaker. Two ways to open:
 * <ul>
 *   <li>a credential failure ({@code CREDENTIALS_REJECTED}, {@code CLIENT_NOT_FOUND},
 *       {@code ORG_MISMATCH}, {@code TOKEN_REJECTED}) opens it at once, for
 *       {@code credentialOpenWait}: only an operator fixes those, and retrying a bad secret is a
 *       lockout risk;</li>
 *   <li>{@code PLATFORM_UNAVAILABLE} attempts open it by failure rate: at least
 *       {@code failureRateThreshold} % of the last {@code slidingWindowSize} attempts (once
 *       {@code minimumNumberOfCalls} were seen), for {@code transientOpenWait}.</li>
 * </ul>
 * Other answers (403, 429, other 4xx) prove the platform is up and count as successes. After the
 * wait, {@code halfOpenProbes} calls go through; their outcome closes or reopens it.
 *
 * @param failureRateThreshold percent of failed attempts that opens it, in (0, 100]. Default 80:
 *                             retries absorb partial degradation (a 50 % 5xx rate still lets
 *                             nearly every call through), so only a near-outage stops an org.
 * @param slidingWindowSize    attempts in the failure-rate window. Default 20.
 * @param minimumNumberOfCalls attempts needed before the rate counts. Default 10.
 * @param transientOpenWait    how long a rate-opened breaker stays open. Default 30 s.
 * @param credentialOpenWait   how long a credential failure keeps it open. Default 5 min.
 * @param halfOpenProbes       calls let through when half open. Default 1.
 * @param perOrgMeters         also publish Resilience4j's per-breaker meters (16 per org, tagged
 *                             by org id). Default false: measured at 10,000 orgs they are 160,000
 *                             meters and 70 MB of heap (BENCHMARKS.md); the aggregate
 *                             {@code orgexport.platform.breakers{state}} gauge, the transition
 *                             counters and the listener's events cover a large fleet. Turn on for
 *                             a few hundred orgs.
 */
public record BreakerSettings(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
                              Duration transientOpenWait, Duration credentialOpenWait, int halfOpenProbes,
                              boolean perOrgMeters) {

    public BreakerSettings {
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException("platform.breaker.failure-rate-threshold must be greater than 0 and at most 100, "
                    + "but was "
                    + failureRateThreshold);
        }
        if (slidingWindowSize < 1) {
            throw new IllegalArgumentException("platform.breaker.sliding-window-size must be at least 1, but was " + slidingWindowSize);
        }
        if (minimumNumberOfCalls < 1 || minimumNumberOfCalls > slidingWindowSize) {
            throw new IllegalArgumentException("platform.breaker.minimum-calls must be between 1 and "
                    + "platform.breaker.sliding-window-size ("
                    + slidingWindowSize + "), but was " + minimumNumberOfCalls);
        }
        Settings.positive("platform.breaker.transient-open-wait", transientOpenWait);
        Settings.positive("platform.breaker.credential-open-wait", credentialOpenWait);
        if (halfOpenProbes < 1) {
            throw new IllegalArgumentException("platform.breaker.half-open-probes must be at least 1, but was " + halfOpenProbes);
        }
    }

    public static BreakerSettings defaults() {
        return new BreakerSettings(80f, 20, 10, Duration.ofSeconds(30), Duration.ofMinutes(5), 1, false);
    }

    public BreakerSettings withWaits(Duration transientWait, Duration credentialWait) {
        return new BreakerSettings(failureRateThreshold, slidingWindowSize, minimumNumberOfCalls, transientWait,
                credentialWait, halfOpenProbes, perOrgMeters);
    }

    public BreakerSettings withPerOrgMeters(boolean value) {
        return new BreakerSettings(failureRateThreshold, slidingWindowSize, minimumNumberOfCalls, transientOpenWait,
                credentialOpenWait, halfOpenProbes, value);
    }

    public BreakerSettings withWindow(float threshold, int windowSize, int minimumCalls) {
        return new BreakerSettings(threshold, windowSize, minimumCalls, transientOpenWait, credentialOpenWait,
                halfOpenProbes, perOrgMeters);
    }
}
