package dev.orgexport.schema.schedule;

import dev.orgexport.schema.task.ExportKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code export_schedule}: export {@code kind} of {@code orgId} in windows
 * {@code [t, t + every)}, each created once its end plus {@code lag} has passed, going back at
 * most {@code catchUp} after an outage. {@code nextWindowStart} is the start of the next window
 * to create. Durations are whole seconds, as stored.
 */
public record ExportSchedule(String orgId, ExportKind kind, Duration every, Duration lag, Duration catchUp,
                             Instant nextWindowStart, boolean enabled) {

    public ExportSchedule {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(catchUp, "catchUp");
        Objects.requireNonNull(nextWindowStart, "nextWindowStart");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every must be positive, but was " + every);
        }
        if (lag.isNegative()) {
            throw new IllegalArgumentException("lag must not be negative, but was " + lag);
        }
        if (catchUp.isNegative()) {
            throw new IllegalArgumentException("catchUp must not be negative, but was " + catchUp);
        }
    }

    /** The same schedule with another next window start. */
    public ExportSchedule withNextWindowStart(Instant next) {
        return new ExportSchedule(orgId, kind, every, lag, catchUp, next, enabled);
    }
}
