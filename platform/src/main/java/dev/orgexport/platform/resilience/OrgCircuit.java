package dev.orgexport.platform.resilience;

import dev.orgexport.platform.event.BreakerState;
import dev.orgexport.platform.failure.CircuitOpenException;
import dev.orgexport.platform.failure.FailureDetails;
import dev.orgexport.platform.failure.FailureKind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;

/**
 * One org's Resilience4j breaker plus what Resilience4j does not expose: when an open breaker
 * lets a probe through, and which failure opened it.
 */
final class OrgCircuit {

    /** When a half-open breaker has no probe left, callers are told to come back after this. */
    static final Duration HALF_OPEN_BUSY_WAIT = Duration.ofSeconds(1);

    final String orgId;
    final CircuitBreaker breaker;
    volatile long lastUsedMillis;
    volatile Instant reopenAt;
    volatile FailureDetails openedBy;
    volatile FailureDetails lastTransientFailure;
    /** Set while this circuit opens itself for a credential failure, read by the transition handler. */
    volatile Instant pendingCredentialOpenUntil;

    OrgCircuit(String orgId, CircuitBreaker breaker, long nowMillis) {
        this.orgId = orgId;
        this.breaker = breaker;
        this.lastUsedMillis = nowMillis;
    }

    BreakerState state() {
        return map(breaker.getState());
    }

    CircuitOpenException openException(Instant now) {
        BreakerState state = state();
        Instant until = reopenAt;
        if (state != BreakerState.OPEN || until == null || until.isBefore(now)) {
            until = now.plus(HALF_OPEN_BUSY_WAIT);
        }
        FailureDetails cause = openedBy;
        String message = "circuit breaker of org " + orgId + " is " + state + " and does not permit further calls until "
                + until;
        FailureDetails details = cause == null
                ? new FailureDetails(FailureKind.PLATFORM_UNAVAILABLE, false, 0, null, null, orgId, "-", "-",
                        "circuit breaker", message, null, null)
                : new FailureDetails(cause.kind(), false, cause.httpStatus(), cause.errorCode(), cause.correlationId(),
                        orgId, cause.regionId(), cause.host(), cause.operation(),
                        message + "; opened by " + summary(cause), null, cause.operatorHint());
        return new CircuitOpenException(details, until);
    }

    private static String summary(FailureDetails cause) {
        return cause.kind() + (cause.httpStatus() == 0 ? "" : " HTTP " + cause.httpStatus())
                + (cause.errorCode() == null ? "" : " " + cause.errorCode())
                + (cause.platformMessage() == null ? "" : ": " + cause.platformMessage());
    }

    static BreakerState map(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            default -> BreakerState.CLOSED;
        };
    }
}
