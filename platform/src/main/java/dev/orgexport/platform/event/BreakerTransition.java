package dev.orgexport.platform.event;

import dev.orgexport.platform.failure.FailureKind;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An org's circuit breaker changed state. When it opens, {@link #reopenAt()} says when it lets a
 * probe through: the {@code until} of an {@code org_quarantine} row, and the RETRY_WAIT time of
 * the org's runs.
 *
 * @param orgId       the org
 * @param from        the previous state
 * @param to          the new state
 * @param at          when it changed
 * @param reopenAt    when an OPEN breaker lets a probe through; null for other states
 * @param cause       the kind of failure that opened it; null unless {@code to} is OPEN
 * @param lastFailure the one-line description of that failure; null unless {@code to} is OPEN
 */
public record BreakerTransition(String orgId, BreakerState from, BreakerState to, Instant at, Instant reopenAt,
                                FailureKind cause, String lastFailure) {

    public BreakerTransition {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        if ((to == BreakerState.OPEN) != (reopenAt != null)) {
            throw new IllegalArgumentException("reopenAt must be set exactly when the breaker opens, but was "
                    + reopenAt + " for " + from + " -> " + to);
        }
    }

    public Optional<Instant> reopenTime() {
        return Optional.ofNullable(reopenAt);
    }
}
