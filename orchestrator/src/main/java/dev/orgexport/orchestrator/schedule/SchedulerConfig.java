package dev.orgexport.orchestrator.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * How the scheduler runs.
 *
 * @param tick      {@code orchestrator.scheduler.tick}: time between two ticks, 100 ms to 10 min
 *                  (default 5 s)
 * @param batchSize {@code orchestrator.scheduler.batch-size}: schedules handled in one transaction,
 *                  1 to 10,000 (default 500); a tick runs as many transactions as there are due
 *                  schedules
 */
public record SchedulerConfig(Duration tick, int batchSize) {

    public static final Duration DEFAULT_TICK = Duration.ofSeconds(5);
    public static final int DEFAULT_BATCH_SIZE = 500;

    public SchedulerConfig {
        Objects.requireNonNull(tick, "orchestrator.scheduler.tick must be set");
        if (tick.compareTo(Duration.ofMillis(100)) < 0 || tick.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("orchestrator.scheduler.tick must be between 100ms and 10m, but was " + tick);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("orchestrator.scheduler.batch-size must be between 1 and 10000, but was "
                    + batchSize);
        }
    }

    public static SchedulerConfig defaults() {
        return new SchedulerConfig(DEFAULT_TICK, DEFAULT_BATCH_SIZE);
    }

    public SchedulerConfig withTick(Duration newTick) {
        return new SchedulerConfig(newTick, batchSize);
    }
}
