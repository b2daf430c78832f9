package dev.orgexport.worker.event;

import dev.orgexport.schema.event.EventCodec;
import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.worker.metrics.WorkerMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes run outcomes to {@code orgexport.events}, keyed by org id, through the worker's
 * idempotent {@code acks=all} producer. Called after the outcome is recorded in PostgreSQL (the
 * source of truth), and waits for the acknowledgement: a failed send is logged once, counted in
 * {@code orgexport.worker.events.failed} and not retried by the worker (the producer itself
 * retries until its delivery timeout). Thread-safe.
 */
public final class EventPublisher {

    /** Header naming the event type ({@code export.succeeded}, {@code export.failed}). */
    public static final String TYPE_HEADER = "orgexport.event";

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration sendTimeout;
    private final WorkerMetrics metrics;
    private final EventCodec codec = new EventCodec();

    public EventPublisher(Producer<byte[], byte[]> producer, String topic, Duration sendTimeout, WorkerMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.sendTimeout = sendTimeout;
        this.metrics = metrics;
    }

    /** @return true when the broker acknowledged the event */
    public boolean publish(ExportEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
                event.orgId().getBytes(StandardCharsets.UTF_8), codec.write(event), headers);
        try {
            producer.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            log.error("cannot publish {} of run {} org={} to {}: {}", event.type(), event.runId(), event.orgId(), topic,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("interrupted while publishing {} of run {} org={}", event.type(), event.runId(), event.orgId());
        }
        metrics.eventFailed();
        return false;
    }
}
