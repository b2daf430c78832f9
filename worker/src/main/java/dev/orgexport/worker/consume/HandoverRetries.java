package dev.orgexport.worker.consume;

import dev.orgexport.schema.db.SafeText;
import dev.orgexport.worker.ConsumerLimits;
import dev.orgexport.worker.metrics.WorkerMetrics;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the consumer loop does when a record could not be handed over (see
 * {@link HandoverFailure}): dead-letter it at once (data PostgreSQL refuses), after
 * {@code worker.consumer.max-handover-attempts} tries in a row (any other failure), or wait with
 * backoff, from {@value TaskConsumerLoop#RETRY_DELAY_MILLIS} ms up to
 * {@value TaskConsumerLoop#MAX_RETRY_DELAY_MILLIS} ms (an unreachable database or broker, or a
 * dead letter that could not be written). Counts the tries of the record at the head of each
 * partition. Loop thread only, except {@link #lastFailure()}.
 */
final class HandoverRetries {

    private static final Logger log = LoggerFactory.getLogger(HandoverRetries.class);

    private final TaskHandler handler;
    private final ConsumerLimits limits;
    private final WorkerMetrics metrics;
    /** Failed tries of the record at the head of each partition: {offset, tries}. */
    private final Map<TopicPartition, long[]> failures = new HashMap<>();
    private volatile String lastFailure;

    HandoverRetries(TaskHandler handler, ConsumerLimits limits, WorkerMetrics metrics) {
        this.handler = handler;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * @return 0 when the record was dead-lettered and is done with; otherwise how many
     *         milliseconds the loop waits before trying it again
     */
    long failed(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
        metrics.loopError();
        HandoverFailure kind = HandoverFailure.of(e);
        long[] tries = failures.get(partition);
        if (tries == null || tries[0] != record.offset()) {
            tries = new long[] {record.offset(), 0};
            failures.put(partition, tries);
        }
        tries[1]++;
        String source = record.topic() + "-" + record.partition() + "@" + record.offset();
        lastFailure = source + ": " + e.getClass().getSimpleName();
        RejectReason giveUp = kind == HandoverFailure.DATA ? RejectReason.DATA_ERROR
                : kind == HandoverFailure.OTHER && tries[1] >= limits.maxHandoverAttempts() ? RejectReason.HANDOVER_FAILED
                : null;
        RuntimeException last = e;
        if (giveUp != null) {
            try {
                handler.giveUp(record, giveUp, (giveUp == RejectReason.DATA_ERROR ? "PostgreSQL refused the record's data"
                        : "hand-over failed " + tries[1] + " times") + ": " + describe(e));
                log.warn("task record {} dead-lettered as {} after {} failed hand-over(s): {}", source, giveUp, tries[1],
                        describe(e));
                return 0;
            } catch (RuntimeException deadLetterFailure) {
                last = deadLetterFailure;
            }
        }
        long delay = Math.min(TaskConsumerLoop.MAX_RETRY_DELAY_MILLIS,
                TaskConsumerLoop.RETRY_DELAY_MILLIS << Math.min(5, tries[1] - 1));
        log.warn("cannot hand over task record {} (try {}, {}); will try it again in {} ms: {}", source, tries[1], kind,
                delay, describe(last));
        return delay;
    }

    /** The head record of the partition is done with. */
    void done(TopicPartition partition) {
        failures.remove(partition);
        lastFailure = null;
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(failures::remove);
    }

    /** The last failure not followed by a success, for readiness; null when none. Thread-safe. */
    String lastFailure() {
        return lastFailure;
    }

    /** An exception and its causes' classes and messages, made safe for a log line. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 600; t = t.getCause() == t ? null : t.getCause()) {
            text.append(text.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ")
                    .append(SafeText.forLog(t.getMessage(), 200));
        }
        return text.toString();
    }
}
