package dev.orgexport.orchestrator.sweep;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sweeper runs.
 *
 * @param interval        {@code orchestrator.sweeper.interval}: time between rounds, 100 ms to 10 min
 *                        (default 5 s)
 * @param batchSize       {@code orchestrator.sweeper.batch-size}: runs re-queued per kind and round,
 *                        and published outbox rows deleted per round, 1 to 10,000 (default 500); a
 *                        full batch is followed by another round at once
 * @param outboxRetention {@code orchestrator.sweeper.outbox-retention}: how long published outbox rows
 *                        are kept for inspection, 1 min to 90 days (default 7 days)
 * @param strandedAfter   {@code orchestrator.sweeper.stranded-after}: a QUEUED run no worker claimed for
 *                        this long gets its task published again, 1 s to 30 days (default 30 min); the
 *                        claim turns a duplicate into a skip, so shorter only costs duplicate tasks
 */
public record SweeperConfig(Duration interval, int batchSize, Duration outboxRetention, Duration strandedAfter) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_OUTBOX_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_STRANDED_AFTER = Duration.ofMinutes(30);

    public SweeperConfig {
        requireBetween("orchestrator.sweeper.interval", interval, Duration.ofMillis(100), Duration.ofMinutes(10));
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("orchestrator.sweeper.batch-size must be between 1 and 10000, but was "
                    + batchSize);
        }
        requireBetween("orchestrator.sweeper.outbox-retention", outboxRetention, Duration.ofMinutes(1), Duration.ofDays(90));
        requireBetween("orchestrator.sweeper.stranded-after", strandedAfter, Duration.ofSeconds(1), Duration.ofDays(30));
    }

    public static SweeperConfig defaults() {
        return new SweeperConfig(DEFAULT_INTERVAL, DEFAULT_BATCH_SIZE, DEFAULT_OUTBOX_RETENTION, DEFAULT_STRANDED_AFTER);
    }

    public SweeperConfig withInterval(Duration newInterval) {
        return new SweeperConfig(newInterval, batchSize, outboxRetention, strandedAfter);
    }

    public SweeperConfig withStrandedAfter(Duration value) {
        return new SweeperConfig(interval, batchSize, outboxRetention, value);
    }

    private static void requireBetween(String key, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, key + " must be set");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", but was " + value);
        }
    }
}
