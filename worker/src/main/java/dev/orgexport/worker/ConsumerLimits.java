package dev.orgexport.worker;

import java.time.Duration;

/**
 * What keeps the consumer loop moving whatever the records hold.
 *
 * @param maxHandoverAttempts {@code worker.consumer.max-handover-attempts}, 1 to 100, default 5: tries of
 *                            one record that failed for a reason other than an unreachable database or
 *                            broker before it is dead-lettered as {@code HANDOVER_FAILED} (an unreachable
 *                            database or broker is waited out: nothing could be recorded anyway)
 * @param deadLetterMaxBytes  {@code worker.consumer.dlq-max-value-bytes}, 1 KiB to 900 KiB, default 256 KiB:
 *                            a longer record value is cut to this size on the DLQ topic, with its original
 *                            size and SHA-256 in headers, so a dead letter always fits the producer's
 *                            1 MiB request limit
 * @param stallTimeout        {@code worker.consumer.stall-timeout}, 1 s to 1 h, default 2 min: readiness turns
 *                            false when the loop made no progress for this long while it had lag, held
 *                            records or paused partitions
 */
public record ConsumerLimits(int maxHandoverAttempts, int deadLetterMaxBytes, Duration stallTimeout) {

    public static final int DEFAULT_MAX_HANDOVER_ATTEMPTS = 5;
    public static final int DEFAULT_DLQ_MAX_VALUE_BYTES = 256 * 1024;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(2);
    public static final ConsumerLimits DEFAULT = new ConsumerLimits(DEFAULT_MAX_HANDOVER_ATTEMPTS,
            DEFAULT_DLQ_MAX_VALUE_BYTES, DEFAULT_STALL_TIMEOUT);

    public ConsumerLimits {
        if (maxHandoverAttempts < 1 || maxHandoverAttempts > 100) {
            throw new IllegalArgumentException("worker.consumer.max-handover-attempts must be between 1 and 100, but was "
                    + maxHandoverAttempts);
        }
        if (deadLetterMaxBytes < 1024 || deadLetterMaxBytes > 900 * 1024) {
            throw new IllegalArgumentException("worker.consumer.dlq-max-value-bytes must be between 1024 and 921600, but was "
                    + deadLetterMaxBytes);
        }
        WorkerConfig.requireBetween("worker.consumer.stall-timeout", stallTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
    }
}
