package dev.orgexport.platform.gateway;

import dev.orgexport.platform.api.ApiSettings;
import dev.orgexport.platform.region.RegionSettings;
import dev.orgexport.platform.resilience.ResilienceSettings;
import dev.orgexport.platform.token.TokenSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link PlatformGateway} is configured with. Immutable; each part validates itself
 * and documents its defaults.
 *
 * @param regions              region additions and base-URL overrides (default: the real hosts)
 * @param api                  HTTP timeouts and protocol
 * @param tokens               token refresh and expiry margins
 * @param resilience           retry, breaker, rate limit, idle eviction
 * @param auditAvailabilityLag audit queries have no availability endpoint: their data counts as
 *                             complete up to now minus this lag. Default 1 min.
 * @param eventQueueCapacity   events queued for the listener before new ones are dropped.
 *                             Default 10,000.
 */
public record PlatformSettings(RegionSettings regions, ApiSettings api, TokenSettings tokens,
                               ResilienceSettings resilience, Duration auditAvailabilityLag, int eventQueueCapacity) {

    public static final Duration DEFAULT_AUDIT_AVAILABILITY_LAG = Duration.ofMinutes(1);
    public static final int DEFAULT_EVENT_QUEUE_CAPACITY = 10_000;

    public PlatformSettings {
        Objects.requireNonNull(regions, "regions");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(auditAvailabilityLag, "platform.audit.availability-lag");
        if (auditAvailabilityLag.isNegative()) {
            throw new IllegalArgumentException("platform.audit.availability-lag must not be negative"
                    + ", but was " + auditAvailabilityLag);
        }
        if (eventQueueCapacity < 1) {
            throw new IllegalArgumentException("platform.event-queue-capacity must be at least 1"
                    + ", but was " + eventQueueCapacity);
        }
    }

    /** The real platform, every default. */
    public static PlatformSettings defaults() {
        return new PlatformSettings(RegionSettings.defaults(), ApiSettings.defaults(), TokenSettings.defaults(),
                ResilienceSettings.defaults(), DEFAULT_AUDIT_AVAILABILITY_LAG, DEFAULT_EVENT_QUEUE_CAPACITY);
    }

    public PlatformSettings withRegions(RegionSettings value) {
        return new PlatformSettings(value, api, tokens, resilience, auditAvailabilityLag, eventQueueCapacity);
    }

    public PlatformSettings withApi(ApiSettings value) {
        return new PlatformSettings(regions, value, tokens, resilience, auditAvailabilityLag, eventQueueCapacity);
    }

    public PlatformSettings withTokens(TokenSettings value) {
        return new PlatformSettings(regions, api, value, resilience, auditAvailabilityLag, eventQueueCapacity);
    }

    public PlatformSettings withResilience(ResilienceSettings value) {
        return new PlatformSettings(regions, api, tokens, value, auditAvailabilityLag, eventQueueCapacity);
    }
}
