package dev.orgexport.schema.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open export window {@code [start, end)}; the end is after the start. */
public record TimeWindow(Instant start, Instant end) {

    public TimeWindow {
        Objects.requireNonNull(start, "window.start is required");
        Objects.requireNonNull(end, "window.end is required");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window.end must be after window.start, but was " + start + "/" + end);
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** The ISO-8601 interval the platform expects, {@code start/end}. */
    public String toInterval() {
        return start + "/" + end;
    }
}
