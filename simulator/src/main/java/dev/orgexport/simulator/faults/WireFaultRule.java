package dev.orgexport.simulator.faults;

import dev.orgexport.simulator.Endpoint;
import java.util.Objects;

/**
 * Which requests a {@link WireFault} hits: those of the org (null: any) to the endpoint (null:
 * every endpoint the fault applies to), the next {@code times} of them (0: every one, until the
 * rules are cleared).
 *
 * @param retryAfterSeconds the {@code Retry-After} of {@link WireFault#DAILY_LIMIT} (1 s to 2 days;
 *                          ignored by the other faults)
 */
public record WireFaultRule(WireFault fault, String org, Endpoint endpoint, int times, long retryAfterSeconds) {

    /** The {@code Retry-After} of a daily limit unless given: three hours. */
    public static final long DEFAULT_DAILY_RETRY_AFTER_SECONDS = 3 * 3600;

    public WireFaultRule {
        Objects.requireNonNull(fault, "fault");
        if (times < 0) {
            throw new IllegalArgumentException("times must be 0 (always) or positive, but was " + times);
        }
        if (retryAfterSeconds < 1 || retryAfterSeconds > 2 * 86_400) {
            throw new IllegalArgumentException("retryAfterSeconds must be between 1 and 172800, but was " + retryAfterSeconds);
        }
    }

    /** The fault on every matching request of the org (null: any org). */
    public static WireFaultRule always(WireFault fault, String org) {
        return new WireFaultRule(fault, org, null, 0, DEFAULT_DAILY_RETRY_AFTER_SECONDS);
    }

    /** The fault on the next {@code times} matching requests of the org (null: any org). */
    public static WireFaultRule times(WireFault fault, String org, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, but was " + times);
        }
        return new WireFaultRule(fault, org, null, times, DEFAULT_DAILY_RETRY_AFTER_SECONDS);
    }

    public WireFaultRule onEndpoint(Endpoint value) {
        return new WireFaultRule(fault, org, value, times, retryAfterSeconds);
    }

    public WireFaultRule withRetryAfterSeconds(long value) {
        return new WireFaultRule(fault, org, endpoint, times, value);
    }

    boolean matches(WireFault wanted, String orgId, Endpoint at) {
        return fault == wanted && (org == null || org.equals(orgId)) && (endpoint == null || endpoint == at);
    }
}
