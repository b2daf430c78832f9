package dev.orgexport.platform.failure;

import java.time.Instant;
import java.util.Objects;

/**
 * The org's circuit breaker is open: the call failed fast without any HTTP traffic. Its
 * {@link #kind()} is the kind of failure that opened the breaker; {@link #reopenAt()} is when the
 * breaker lets a probe through, so a worker sets its run to RETRY_WAIT until then. Never
 * {@link #retryable()} within the process: waiting is the caller's job.
 */
public final class CircuitOpenException extends PlatformException {

    private static final long serialVersionUID = 1L;

    private final Instant reopenAt;

    public CircuitOpenException(FailureDetails details, Instant reopenAt) {
        super(details);
        this.reopenAt = Objects.requireNonNull(reopenAt, "reopenAt");
    }

    /** The instant from which the breaker lets a half-open probe through. */
    public Instant reopenAt() {
        return reopenAt;
    }
}
