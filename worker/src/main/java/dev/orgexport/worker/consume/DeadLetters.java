package dev.orgexport.worker.consume;

import dev.orgexport.schema.db.SafeText;
import dev.orgexport.schema.deadletter.DeadLetter;
import dev.orgexport.schema.deadletter.PostgresDeadLetterStore;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.worker.audit.AuditRows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters an unusable task record, once per (topic, partition, offset) whatever the
 * redeliveries: first a {@code dead_letter} row and its {@code RejectTask} audit row in one
 * transaction (a row that exists means "done before": no second audit row), then a copy on the
 * DLQ topic with the original key, headers and value plus headers naming why, then the row is
 * marked published. A value longer than the configured limit is cut, with its original size and
 * SHA-256 in headers, so the copy always fits the producer's request limit.
 *
 * <p>Returns when the record may be committed. Throws {@link DeadLetterException} when PostgreSQL
 * or the broker could not take it <em>for now</em> (the caller tries again); a copy the broker
 * refuses for good (record too large, say) is logged and left unpublished in the table, which
 * is the record of truth. The DLQ topic may see a second copy only when the worker dies between
 * the broker's acknowledgement and the row's update; the {@value #SOURCE_HEADER} header
 * deduplicates. Thread-safe.
 */
final class DeadLetters {

    static final String REASON_HEADER = "orgexport.dlq.reason";
    static final String MESSAGE_HEADER = "orgexport.dlq.message";
    static final String SOURCE_HEADER = "orgexport.dlq.source";
    static final String WORKER_HEADER = "orgexport.dlq.worker";
    static final String REJECTED_AT_HEADER = "orgexport.dlq.rejected-at";
    static final String ORIGINAL_SIZE_HEADER = "orgexport.dlq.original-size";
    static final String ORIGINAL_SHA256_HEADER = "orgexport.dlq.original-sha256";
    static final String TRUNCATED_HEADER = "orgexport.dlq.truncated";
    static final String HEADERS_DROPPED_HEADER = "orgexport.dlq.headers-dropped";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_HEADER_MESSAGE = 500;
    /** Original headers beyond this many bytes in all are dropped (counted in a header). */
    private static final int MAX_COPIED_HEADER_BYTES = 16 * 1024;
    private static final int MAX_KEY_BYTES = 1024;

    /** Where letters go and how. */
    record Terms(String topic, Duration sendTimeout, int maxValueBytes, String workerId) {
    }

    private final Producer<byte[], byte[]> producer;
    private final PostgresDeadLetterStore store;
    private final Terms terms;
    private final Clock clock;

    DeadLetters(Producer<byte[], byte[]> producer, PostgresDeadLetterStore store, Terms terms, Clock clock) {
        this.producer = producer;
        this.store = store;
        this.terms = terms;
        this.clock = clock;
    }

    /** @return true when this call dead-lettered the record for the first time */
    boolean reject(ConsumerRecord<byte[], byte[]> record, Intake intake) {
        Instant now = clock.instant();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        boolean truncated = value.length > terms.maxValueBytes();
        // The stores make the text safe for PostgreSQL and flag the rows; headers and logs get it clean.
        String rawMessage = cut(intake.message() == null ? "" : intake.message());
        String message = SafeText.clean(rawMessage);
        ExportTask task = intake.task();
        DeadLetter letter = new DeadLetter(record.topic(), record.partition(), record.offset(), intake.reason().name(),
                rawMessage, task == null ? null : task.orgId(), task == null ? null : task.runId(), value.length,
                sha256(value), truncated, terms.workerId(), now);
        PostgresDeadLetterStore.Recorded recorded;
        try {
            recorded = store.record(letter, AuditRows.rejectedTask(new AuditRows.RejectedRecord(letter.source(),
                    letter.orgId(), letter.runId(), letter.reason(), rawMessage), terms.workerId(), now));
        } catch (RuntimeException e) {
            throw new DeadLetterException("cannot record dead letter " + letter.source() + " in PostgreSQL", e);
        }
        if (!recorded.needsPublish()) {
            log.info("task record {} was dead-lettered before ({}); skipped", letter.source(), letter.reason());
            return false;
        }
        publish(record, letter, value, message);
        log.warn("task record {} dead-lettered to {}: {} {} org={} run={}{}", letter.source(), terms.topic(),
                letter.reason(), SafeText.forLog(message, 300), SafeText.forLog(letter.orgId(), 100),
                letter.runId() == null ? "-" : letter.runId(),
                truncated ? " (value of " + value.length + " bytes cut to " + terms.maxValueBytes() + ")" : "");
        return recorded == PostgresDeadLetterStore.Recorded.NEW;
    }

    private void publish(ConsumerRecord<byte[], byte[]> record, DeadLetter letter, byte[] value, String message) {
        RecordHeaders headers = copiedHeaders(record);
        headers.add(REASON_HEADER, utf8(letter.reason()));
        headers.add(MESSAGE_HEADER, utf8(message));
        headers.add(SOURCE_HEADER, utf8(letter.source()));
        headers.add(WORKER_HEADER, utf8(terms.workerId()));
        headers.add(REJECTED_AT_HEADER, utf8(letter.rejectedAt().toString()));
        headers.add(ORIGINAL_SIZE_HEADER, utf8(Integer.toString(value.length)));
        headers.add(ORIGINAL_SHA256_HEADER, utf8(letter.valueSha256()));
        byte[] copy = value;
        if (letter.valueTruncated()) {
            headers.add(TRUNCATED_HEADER, utf8("true"));
            copy = Arrays.copyOf(value, terms.maxValueBytes());
        }
        byte[] key = record.key();
        if (key != null && key.length > MAX_KEY_BYTES) {
            key = Arrays.copyOf(key, MAX_KEY_BYTES);
        }
        try {
            producer.send(new ProducerRecord<>(terms.topic(), null, key, record.value() == null ? null : copy, headers))
                    .get(terms.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                throw new DeadLetterException("cannot send " + letter.source() + " to " + terms.topic() + " for now: "
                        + e.getCause().getClass().getSimpleName(), e.getCause());
            }
            // Refused for good: the table holds the letter; sending again would fail again.
            log.error("dead letter {} refused by {} ({}); it stays recorded in table dead_letter, unpublished",
                    letter.source(), terms.topic(), String.valueOf(e.getCause()));
            return;
        } catch (TimeoutException e) {
            throw new DeadLetterException("cannot send " + letter.source() + " to " + terms.topic() + " within "
                    + terms.sendTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException("interrupted while sending " + letter.source() + " to " + terms.topic(), e);
        } catch (RuntimeException e) {
            // send() itself: buffer exhausted or metadata not available within max.block.ms
            throw new DeadLetterException("cannot send " + letter.source() + " to " + terms.topic() + ": "
                    + e.getClass().getSimpleName(), e);
        }
        try {
            store.markPublished(letter, clock.instant());
        } catch (RuntimeException e) {
            throw new DeadLetterException("cannot mark dead letter " + letter.source() + " published", e);
        }
    }

    private static RecordHeaders copiedHeaders(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        int bytes = 0;
        int dropped = 0;
        for (Header header : record.headers()) {
            int size = header.key().length() + (header.value() == null ? 0 : header.value().length);
            if (bytes + size > MAX_COPIED_HEADER_BYTES) {
                dropped++;
                continue;
            }
            bytes += size;
            headers.add(header);
        }
        if (dropped > 0) {
            headers.add(HEADERS_DROPPED_HEADER, utf8(Integer.toString(dropped)));
        }
        return headers;
    }

    private static String cut(String message) {
        return message.length() > MAX_HEADER_MESSAGE ? message.substring(0, MAX_HEADER_MESSAGE - 3) + "..." : message;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
