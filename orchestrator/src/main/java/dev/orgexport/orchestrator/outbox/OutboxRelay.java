package dev.orgexport.orchestrator.outbox;

import dev.orgexport.orchestrator.loop.RepeatingStep;
import dev.orgexport.orchestrator.tx.Transactions;
import dev.orgexport.schema.outbox.OutboxRecord;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox to Kafka: the oldest unpublished rows in id order, keyed as written (the
 * org id for tasks), a record of an org to the org's partition ({@link OrgPartitions}: its slot
 * modulo the topic's partition count, so orgs spread evenly and each stays on one partition), through an idempotent producer with {@code acks=all}; a row is marked
 * published only after Kafka acknowledged it, in the transaction that read it.
 *
 * <p>Delivery is at least once: a relay that dies between the acknowledgement and the commit
 * publishes those rows again, and consumers de-duplicate by run id (a run is claimed once).
 * Nothing is lost while Kafka is unreachable: unacknowledged rows stay unpublished and the next
 * round, after an exponential backoff, starts again from the oldest one. One relay publishes at a
 * time across all instances (an advisory lock), so rows of one key reach their partition in id
 * order except after a failed round, when the unacknowledged ones are sent again.
 *
 * <p>Not thread-safe: run {@link #step()} or {@link #publishOnce()} from one thread (the
 * relay's {@link RepeatingStep}).
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String OUTBOX_ID_HEADER = "orgexport-outbox-id";

    /** Creates the producer; called again after a producer failed fatally. */
    @FunctionalInterface
    public interface ProducerFactory {
        Producer<String, byte[]> create();
    }

    /**
     * What one round did.
     *
     * @param read            unpublished rows read
     * @param published       rows acknowledged by Kafka and marked published
     * @param lockedElsewhere another instance's relay was publishing, so this one did nothing
     * @param failure         why the round stopped early, or null
     */
    public record Round(int read, int published, boolean lockedElsewhere, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final RelayConfig config;
    private final ProducerFactory producerFactory;
    private final Duration ackTimeout;
    private final PostgresOutboxStore outbox;
    private final Counter publishedCounter;
    private final Counter failedRounds;
    private Producer<String, byte[]> producer;
    private volatile int consecutiveFailures;

    /**
     * @param ackTimeout how long to wait for one acknowledgement at most; the producer's delivery
     *                   timeout plus a margin, as it fails every send within its delivery timeout
     */
    public OutboxRelay(DataSource dataSource, Clock clock, RelayConfig config, ProducerFactory producerFactory,
                       Duration ackTimeout, MeterRegistry meters) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.producerFactory = Objects.requireNonNull(producerFactory, "producerFactory");
        this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
        this.outbox = new PostgresOutboxStore(dataSource);
        this.publishedCounter = meters.counter("orgexport.relay.published");
        this.failedRounds = meters.counter("orgexport.relay.failed.rounds");
    }

    /** One round as a step of the relay's loop: again at once after a full batch, back off after a failure. */
    public RepeatingStep.Next step() {
        Round round = publishOnce();
        if (round.failed()) {
            return RepeatingStep.Next.backOff(config.backoffAfter(consecutiveFailures));
        }
        return round.read() == config.batchSize() ? RepeatingStep.Next.now() : RepeatingStep.Next.after(config.pollInterval());
    }

    /** Publishes at most one batch and marks what Kafka acknowledged. */
    public Round publishOnce() {
        Round round = Transactions.inTransaction(dataSource, "publish the outbox", this::publish);
        if (round.failed()) {
            consecutiveFailures++;
            failedRounds.increment();
            log.warn("outbox relay: {} of {} rows published, then failed ({} in a row), retrying after {}: {}",
                    round.published(), round.read(), consecutiveFailures, config.backoffAfter(consecutiveFailures),
                    round.failure());
        } else {
            if (consecutiveFailures > 0) {
                log.info("outbox relay: Kafka reachable again after {} failed rounds", consecutiveFailures);
            }
            consecutiveFailures = 0;
        }
        publishedCounter.increment(round.published());
        return round;
    }

    /** Failed rounds in a row; 0 when the last round succeeded. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    private Round publish(Connection connection) throws SQLException {
        if (!outbox.tryLockRelay(connection)) {
            return new Round(0, 0, true, null);
        }
        List<OutboxRecord> records = outbox.unpublished(connection, config.batchSize());
        if (records.isEmpty()) {
            return new Round(0, 0, false, null);
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        String failure = null;
        try {
            Producer<String, byte[]> current = producer();
            // The topic's real partition count (it may differ from kafka.partitions for a topic
            // created earlier); the producer caches metadata, so this costs nothing after the first.
            OrgPartitions partitions = OrgPartitions.forBatch(connection, records,
                    topic -> current.partitionsFor(topic).size());
            for (OutboxRecord record : records) {
                ProducerRecord<String, byte[]> kafkaRecord = new ProducerRecord<>(record.topic(),
                        partitions.partitionOf(record), record.key(), record.jsonPayload().getBytes(StandardCharsets.UTF_8));
                kafkaRecord.headers().add(OUTBOX_ID_HEADER, Long.toString(record.id()).getBytes(StandardCharsets.US_ASCII));
                Future<RecordMetadata> future = current.send(kafkaRecord);
                sent.add(future);
                // Without metadata the producer waits max-block, then returns an already failed
                // future rather than throwing: stop here instead of waiting again for every row.
                if (future.isDone() && failedAlready(future)) {
                    break;
                }
            }
        } catch (KafkaException | IllegalStateException e) {
            // A send that throws (closed producer, serialization) stops the batch too: the rows
            // after it are not sent, so they cannot overtake it.
            failure = describe(e);
            discardProducerUnlessRetriable(e);
        }
        List<Long> acknowledged = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
                acknowledged.add(records.get(i).id());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = describe(e.getCause());
                    discardProducerUnlessRetriable(e.getCause());
                }
            } catch (TimeoutException e) {
                failure = failure == null ? "no acknowledgement within " + ackTimeout : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? "interrupted while waiting for acknowledgements" : failure;
                break;
            }
        }
        int published = outbox.markPublished(connection, acknowledged, clock.instant());
        return new Round(records.size(), published, false, failure);
    }

    private static boolean failedAlready(Future<RecordMetadata> done) {
        try {
            done.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = producerFactory.create();
        }
        return producer;
    }

    private void discardProducerUnlessRetriable(Throwable failure) {
        if (failure instanceof RetriableException || producer == null) {
            return;
        }
        // A fatal producer error (fenced, out of order, closed) leaves the producer unusable:
        // start the next round with a new one, and a new producer id.
        log.warn("outbox relay: discarding the Kafka producer after a non-retriable error: {}", describe(failure));
        Producer<String, byte[]> broken = producer;
        producer = null;
        broken.close(Duration.ZERO);
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** Closes the producer, waiting up to 5 s for records in flight. */
    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
