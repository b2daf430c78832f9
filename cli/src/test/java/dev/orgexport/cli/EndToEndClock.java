package dev.orgexport.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one clock of {@link EndToEndIT}: it starts at a chosen instant, follows real time from
 * there (so the simulator's job delays, the workers' polls and the loops' pacing behave as in
 * production) and jumps forward when the test {@link #advanceTo advances} it. Shared by the
 * orchestrator, the workers and the simulator. Thread-safe; always UTC.
 */
final class EndToEndClock extends Clock {

    private final Instant origin;
    private final long originNanos;
    private final AtomicLong offsetNanos;

    EndToEndClock(Instant origin) {
        this(origin, System.nanoTime(), new AtomicLong());
    }

    private EndToEndClock(Instant origin, long originNanos, AtomicLong offsetNanos) {
        this.origin = origin;
        this.originNanos = originNanos;
        this.offsetNanos = offsetNanos;
    }

    /**
     * Sets the clock to {@code target} at once; from there it follows real time again. Real time
     * spent before the call does not add up across steps, so each step starts on its instant.
     *
     * @throws IllegalArgumentException when {@code target} is before the time the clock reads
     */
    void advanceTo(Instant target) {
        Instant now = instant();
        if (target.isBefore(now)) {
            throw new IllegalArgumentException("the clock only moves forward: it reads " + now + ", not " + target);
        }
        offsetNanos.addAndGet(Duration.between(now, target).toNanos());
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(System.nanoTime() - originNanos + offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone.normalized())) {
            return this;
        }
        throw new UnsupportedOperationException("the end-to-end clock is UTC only, not " + zone);
    }
}
