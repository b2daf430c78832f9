package dev.orgexport.worker.consume;

import dev.orgexport.schema.OrgexportException;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.worker.audit.AuditRows;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an unusable task record to the dead-letter topic, byte for byte with its original key
 * and headers plus headers naming why, then appends a {@code RejectTask} audit row. Returns
 * only when both are durable (the send acknowledged by {@code acks=all}), so the caller may
 * then commit the record's offset; throws when either failed, so the record is tried again
 * (a retry may dead-letter it twice: delivery is at least once). Thread-safe.
 */
final class DeadLetters {

    /** Header naming the {@link RejectReason}. */
    static final String REASON_HEADER = "orgexport.dlq.reason";
    static final String MESSAGE_HEADER = "orgexport.dlq.message";
    static final String SOURCE_HEADER = "orgexport.dlq.source";
    static final String WORKER_HEADER = "orgexport.dlq.worker";
    static final String REJECTED_AT_HEADER = "orgexport.dlq.rejected-at";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_HEADER_MESSAGE = 500;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration sendTimeout;
    private final PostgresAuditStore audit;
    private final String workerId;
    private final Clock clock;

    DeadLetters(Producer<byte[], byte[]> producer, String topic, Duration sendTimeout, PostgresAuditStore audit,
                String workerId, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.sendTimeout = sendTimeout;
        this.audit = audit;
        this.workerId = workerId;
        this.clock = clock;
    }

    void reject(ConsumerRecord<byte[], byte[]> record, Intake intake) {
        String source = record.topic() + "-" + record.partition() + "@" + record.offset();
        String message = intake.message() == null ? "" : intake.message();
        if (message.length() > MAX_HEADER_MESSAGE) {
            message = message.substring(0, MAX_HEADER_MESSAGE - 3) + "...";
        }
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add(REASON_HEADER, utf8(intake.reason().name()));
        headers.add(MESSAGE_HEADER, utf8(message));
        headers.add(SOURCE_HEADER, utf8(source));
        headers.add(WORKER_HEADER, utf8(workerId));
        headers.add(REJECTED_AT_HEADER, utf8(clock.instant().toString()));
        try {
            producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new OrgexportException("cannot send " + source + " to dead-letter topic " + topic + " within "
                    + sendTimeout.toMillis() + " ms: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrgexportException("interrupted while sending " + source + " to " + topic, e);
        }
        ExportTask task = intake.task();
        audit.append(AuditRows.rejectedTask(new AuditRows.RejectedRecord(source, task == null ? null : task.orgId(),
                task == null ? null : task.runId(), intake.reason().name(), message), workerId, clock.instant()));
        log.warn("task record {} rejected to {}: {} {} org={} run={}", source, topic, intake.reason(), message,
                task == null ? "-" : task.orgId(), task == null ? "-" : task.runId());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
