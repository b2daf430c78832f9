package dev.orgexport.platform.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock, running {@code speed} times as fast from its creation, plus an offset a test
 * can move. Given to the simulator to compress its minute-long budget windows or to jump to the
 * end of one; the platform client keeps the real clock.
 */
public final class ShiftableClock extends Clock {

    private final Instant origin = Instant.now();
    private final long originNanos = System.nanoTime();
    private final long speed;
    private final AtomicLong offsetNanos = new AtomicLong();

    public ShiftableClock(long speed) {
        this.speed = speed;
    }

    public void advance(Duration duration) {
        offsetNanos.addAndGet(duration.toNanos());
    }

    @Override
    public Instant instant() {
        return origin.plusNanos((System.nanoTime() - originNanos) * speed + offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
