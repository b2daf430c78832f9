package dev.orgexport.platform.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry, breaker and rate limit settings, plus how long an idle org's breaker and limiter are
 * kept.
 *
 * @param retry        retry of transient failures
 * @param breaker      the per-org circuit breaker
 * @param rateLimit    the per-org API budget
 * @param idleEviction an org unused this long loses its breaker (only when closed, or open with
 *                     its reopen time passed) and its limiter. Default 30 min.
 */
public record ResilienceSettings(RetrySettings retry, BreakerSettings breaker, RateLimitSettings rateLimit,
                                 Duration idleEviction) {

    public ResilienceSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Settings.positive("platform.idle-eviction", idleEviction);
    }

    public static ResilienceSettings defaults() {
        return new ResilienceSettings(RetrySettings.defaults(), BreakerSettings.defaults(), RateLimitSettings.defaults(),
                Duration.ofMinutes(30));
    }

    public ResilienceSettings withRetry(RetrySettings value) {
        return new ResilienceSettings(value, breaker, rateLimit, idleEviction);
    }

    public ResilienceSettings withBreaker(BreakerSettings value) {
        return new ResilienceSettings(retry, value, rateLimit, idleEviction);
    }

    public ResilienceSettings withRateLimit(RateLimitSettings value) {
        return new ResilienceSettings(retry, breaker, value, idleEviction);
    }
}
