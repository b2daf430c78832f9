package dev.orgexport.orchestrator.outbox;

import java.time.Duration;

/**
 * How the outbox relay runs.
 *
 * @param batchSize      {@code orchestrator.relay.batch-size}: rows read and published per round, 1 to
 *                       10,000 (default 1,000); a full batch is followed by another round at once
 * @param pollInterval   {@code orchestrator.relay.poll-interval}: time between rounds when the outbox was
 *                       drained, 10 ms to 1 min (default 500 ms); the scheduler and the sweeper also
 *                       wake the relay as soon as they wrote rows
 * @param backoffInitial {@code orchestrator.relay.backoff-initial}: wait after the first failed round,
 *                       10 ms to 1 min (default 500 ms); doubled after each further failure
 * @param backoffMax     {@code orchestrator.relay.backoff-max}: the longest wait between failed rounds,
 *                       at least backoff-initial, at most 10 min (default 10 s)
 */
public record RelayConfig(int batchSize, Duration pollInterval, Duration backoffInitial, Duration backoffMax) {

    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);

    public RelayConfig {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("orchestrator.relay.batch-size must be between 1 and 10000, but was "
                    + batchSize);
        }
        ProducerSettings.requireBetween("orchestrator.relay.poll-interval", pollInterval,
                Duration.ofMillis(10), Duration.ofMinutes(1));
        ProducerSettings.requireBetween("orchestrator.relay.backoff-initial", backoffInitial,
                Duration.ofMillis(10), Duration.ofMinutes(1));
        ProducerSettings.requireBetween("orchestrator.relay.backoff-max", backoffMax,
                backoffInitial, Duration.ofMinutes(10));
    }

    public static RelayConfig defaults() {
        return new RelayConfig(DEFAULT_BATCH_SIZE, DEFAULT_POLL_INTERVAL, DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX);
    }

    /** The wait after {@code consecutiveFailures} failed rounds (1 or more). */
    public Duration backoffAfter(int consecutiveFailures) {
        Duration delay = backoffInitial;
        for (int i = 1; i < consecutiveFailures && delay.compareTo(backoffMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(backoffMax) > 0 ? backoffMax : delay;
    }
}
