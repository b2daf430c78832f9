package dev.orgexport.platform.resilience;

import dev.orgexport.platform.event.BreakerState;
import dev.orgexport.platform.failure.FailureKind;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An org's breaker as seen now.
 *
 * @param orgId    the org
 * @param state    its state (CLOSED for an org without a breaker yet)
 * @param reopenAt when an OPEN breaker lets a probe through, else null
 * @param cause    the kind of failure that opened it, else null
 */
public record BreakerView(String orgId, BreakerState state, Instant reopenAt, FailureKind cause) {

    public BreakerView {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(state, "state");
    }

    public Optional<Instant> reopenTime() {
        return Optional.ofNullable(reopenAt);
    }
}
