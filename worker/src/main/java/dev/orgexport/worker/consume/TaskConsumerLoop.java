package dev.orgexport.worker.consume;

import dev.orgexport.worker.ConsumerLimits;
import dev.orgexport.worker.KafkaSettings;
import dev.orgexport.worker.export.RunLauncher;
import dev.orgexport.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's consumer loop, on its own thread {@code worker-consumer}. Each turn: poll, hand
 * the records over (examine, dead-letter or claim and launch), commit, pause or resume.
 *
 * <p>Commit semantics: a record's offset is committed once the record is done with, that is
 * dead-lettered (and audited) or its run claimed and launched, or skipped because its run needs
 * nothing. The export itself runs later on the export pool and is protected by the run's lease,
 * not by the offset: a worker that dies mid-export leaves a lease that expires, not an
 * uncommitted record. Delivery is at least once; a redelivered task finds its run RUNNING,
 * SUCCEEDED or CANCELLED and is skipped.
 *
 * <p>Back-pressure: records are handed over only while the export pool has room. When it is full
 * the loop pauses every assigned partition and keeps the records it already has; when a slot
 * frees, the export pool wakes the loop, which hands over what it holds and resumes. A record
 * that cannot be handed over because PostgreSQL or Kafka failed stays at the head of its
 * partition and is tried again with backoff (from {@value #RETRY_DELAY_MILLIS} ms up to
 * {@value #MAX_RETRY_DELAY_MILLIS} ms). Nothing in a record can stop the loop: a record whose
 * data PostgreSQL refuses is dead-lettered at once, and one that fails for any reason other than
 * an unreachable database or broker is dead-lettered after
 * {@code worker.consumer.max-handover-attempts} tries (see {@link HandoverFailure}).
 *
 * <p>Progress: {@link #stalled()} reports a loop that handed nothing over for
 * {@code worker.consumer.stall-timeout} while it had lag, held records or paused partitions;
 * readiness turns false on it.
 */
public final class TaskConsumerLoop {

    static final long RETRY_DELAY_MILLIS = 1000;
    static final long MAX_RETRY_DELAY_MILLIS = 30_000;

    private static final Logger log = LoggerFactory.getLogger(TaskConsumerLoop.class);

    private final Consumer<byte[], byte[]> consumer;
    private final TaskHandler handler;
    private final RunLauncher launcher;
    private final KafkaSettings kafka;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Thread thread;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Records polled but not yet handed over, per partition, in offset order. Loop thread only. */
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> held = new LinkedHashMap<>();
    /** Offsets of records done with and not yet committed. Loop thread only. */
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    private volatile boolean paused;
    private Instant retryAt = Instant.MIN;
    private final HandoverRetries retries;
    private final ConsumerLimits limits;
    /** When the loop last handed a record over, found nothing to do, or saw an export end. */
    private volatile Instant lastProgress;
    /** Whether the loop had lag, held records or paused partitions at the end of its last turn. */
    private volatile boolean backlog;

    private TaskConsumerLoop(LoopSetup setup) {
        this.consumer = setup.consumer();
        this.kafka = setup.config().kafka();
        this.launcher = setup.launcher();
        this.metrics = setup.metrics();
        this.clock = setup.clock();
        this.limits = setup.config().consumerLimits();
        this.lastProgress = clock.instant();
        LoopSetup.Stores stores = setup.stores();
        this.handler = new TaskHandler(new TaskIntake(stores.orgs(), setup.config().maxWindow()),
                new DeadLetters(setup.producer(), stores.deadLetters(), new DeadLetters.Terms(kafka.deadLetterTopic(),
                        kafka.sendTimeout(), limits.deadLetterMaxBytes(), setup.config().workerId()), clock),
                stores.runs(), launcher, metrics,
                new TaskHandler.ClaimTerms(setup.config().workerId(), setup.config().lease()), setup.beforeClaim());
        this.retries = new HandoverRetries(handler, limits, metrics);
        this.thread = new Thread(this::run, "worker-consumer");
    }

    /** Subscribes and starts polling on a new thread. */
    public static TaskConsumerLoop start(LoopSetup setup) {
        TaskConsumerLoop loop = new TaskConsumerLoop(setup);
        // Wake a paused loop as soon as a slot frees instead of at the end of its poll timeout.
        loop.launcher.onRoomFreed(() -> {
            loop.lastProgress = loop.clock.instant();
            if (loop.paused) {
                loop.consumer.wakeup();
            }
        });
        loop.thread.start();
        return loop;
    }

    /**
     * Stops polling: commits what is done, drops what is held (uncommitted, so redelivered to
     * whoever gets the partitions), leaves the group and closes the consumer. Waits up to
     * {@code timeout} for the loop thread to end.
     *
     * @return true when the loop ended within the timeout
     */
    public boolean stop(Duration timeout) {
        stopRequested.countDown();
        consumer.wakeup();
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /**
     * Why the loop is stalled, or empty when it is not: it made no progress for
     * {@code worker.consumer.stall-timeout} while it had lag, held records or paused partitions.
     * Thread-safe; for readiness.
     */
    public Optional<String> stalled() {
        Duration since = Duration.between(lastProgress, clock.instant());
        if (!thread.isAlive() && running()) {
            return Optional.of("consumer loop thread ended");
        }
        if (backlog && since.compareTo(limits.stallTimeout()) > 0) {
            String failure = retries.lastFailure();
            return Optional.of("consumer made no progress for " + since.toSeconds() + " s with lag, held records or "
                    + "paused partitions" + (failure == null ? "" : "; last failure: " + failure));
        }
        return Optional.empty();
    }

    private boolean running() {
        return stopRequested.getCount() > 0;
    }

    private void run() {
        log.info("consumer loop started: topic={} group={}", kafka.tasksTopic(), kafka.groupId());
        try {
            consumer.subscribe(List.of(kafka.tasksTopic()), new Rebalance());
            while (running()) {
                try {
                    turn();
                } catch (WakeupException e) {
                    // A slot freed or stop() was called: the loop condition decides.
                } catch (InterruptException e) {
                    log.warn("consumer thread interrupted; stopping the loop");
                    stopRequested.countDown();
                } catch (Throwable e) {
                    // A long-lived loop must survive anything: log, count, wait a little, go on.
                    log.error("consumer loop turn failed; will keep running", e);
                    metrics.loopError();
                    idle(Duration.ofMillis(RETRY_DELAY_MILLIS));
                }
            }
        } finally {
            closeConsumer();
        }
    }

    private void turn() {
        Timer.Sample sample = Timer.start();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(kafka.pollTimeout());
        if (!records.isEmpty()) {
            metrics.consumed(records.count());
            for (TopicPartition partition : records.partitions()) {
                held.computeIfAbsent(partition, p -> new ArrayDeque<>()).addAll(records.records(partition));
            }
        }
        handOver();
        commit();
        pauseOrResume();
        sample.stop(metrics.poll());
    }

    private void handOver() {
        if (clock.instant().isBefore(retryAt)) {
            return;
        }
        Iterator<Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>>> partitions = held.entrySet().iterator();
        while (partitions.hasNext() && running()) {
            Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> entry = partitions.next();
            ArrayDeque<ConsumerRecord<byte[], byte[]>> records = entry.getValue();
            while (!records.isEmpty() && launcher.hasRoom()) {
                ConsumerRecord<byte[], byte[]> record = records.peekFirst();
                try {
                    metrics.handOver().record(() -> handler.handle(record));
                } catch (RuntimeException e) {
                    long delay = retries.failed(entry.getKey(), record, e);
                    if (delay > 0) {
                        retryAt = clock.instant().plusMillis(delay);
                        return;
                    }
                }
                records.pollFirst();
                retries.done(entry.getKey());
                done.put(entry.getKey(), new OffsetAndMetadata(record.offset() + 1));
                lastProgress = clock.instant();
            }
            if (records.isEmpty()) {
                partitions.remove();
            }
        }
    }

    private void commit() {
        if (done.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(done);
        done.clear();
        // A failed async commit only means a redelivery, which the claim turns into a skip.
        consumer.commitAsync(offsets, (committed, e) -> {
            if (e != null) {
                log.warn("offset commit of {} failed; those records may be delivered again: {}", committed.keySet(),
                        e.toString());
            }
        });
    }

    private void pauseOrResume() {
        boolean full = !launcher.hasRoom() || !held.isEmpty();
        if (full) {
            Set<TopicPartition> toPause = new HashSet<>(consumer.assignment());
            toPause.removeAll(consumer.paused());
            if (!toPause.isEmpty()) {
                consumer.pause(toPause);
                log.debug("export pool full: paused {}", toPause);
            }
            paused = true;
        } else if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
            log.debug("export pool has room: resumed");
        }
        metrics.pausedPartitions(consumer.paused().size());
        boolean work = !held.isEmpty() || !consumer.paused().isEmpty() || lagging();
        if (!work) {
            lastProgress = clock.instant();
        }
        backlog = work;
    }

    private boolean lagging() {
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent() && lag.getAsLong() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Waits without holding the thread in a sleep that stop() could not cut short. */
    private void idle(Duration wait) {
        try {
            stopRequested.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
    }

    private void commitDoneSync() {
        if (done.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(done);
        try {
            consumer.commitSync(offsets, kafka.sendTimeout());
            done.clear();
        } catch (WakeupException e) {
            // A late wakeup (a slot freed): try once more, the wakeup is consumed now.
            consumer.commitSync(offsets, kafka.sendTimeout());
            done.clear();
        }
    }

    private void closeConsumer() {
        try {
            commitDoneSync();
        } catch (RuntimeException e) {
            log.warn("final offset commit failed; the records since the last commit will be delivered again: {}",
                    e.toString());
        }
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("closing the consumer failed: {}", e.toString());
        }
        log.info("consumer loop stopped");
    }

    /** Keeps the held records, the offsets and the pause state right across rebalances. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Commit what is done before another consumer starts from the committed offsets;
            // records held but not handed over are dropped, the new owner gets them.
            try {
                commitDoneSync();
            } catch (RuntimeException e) {
                log.warn("offset commit at revocation failed; records may be delivered again: {}", e.toString());
            }
            forget(partitions);
            log.info("partitions revoked: {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
            partitions.forEach(done::remove);
            log.warn("partitions lost (not committed): {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // A rebalance resets the pause state of assigned partitions: pause again while full.
            if (paused && !partitions.isEmpty()) {
                consumer.pause(partitions);
            }
            log.info("partitions assigned: {}{}", partitions, paused ? " (paused: export pool full)" : "");
        }

        private void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(held::remove);
            retries.forget(partitions);
        }
    }
}
