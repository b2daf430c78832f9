package dev.orgexport.worker.consume;

import dev.orgexport.schema.deadletter.PostgresDeadLetterStore;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.run.PostgresRunStore;
import dev.orgexport.worker.WorkerConfig;
import dev.orgexport.worker.export.RunLauncher;
import dev.orgexport.worker.metrics.WorkerMetrics;
import java.time.Clock;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * What a {@link TaskConsumerLoop} is made of. The loop owns the consumer (it subscribes, uses
 * and closes it on its own thread); the producer is shared and closed by its owner.
 *
 * @param config   the worker's configuration (topics, lease, poll settings, window limit)
 * @param consumer a new, unsubscribed consumer of byte arrays with auto-commit off
 * @param producer the worker's idempotent producer, for dead letters
 * @param stores   the PostgreSQL stores the loop reads and claims through
 * @param launcher where claimed runs go
 * @param metrics  the worker's meters
 * @param clock    the worker's clock
 * @param beforeClaim run on the loop thread before each claim: applies operator actions (a
 *                    release) this worker has not applied yet
 */
public record LoopSetup(WorkerConfig config, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                        Stores stores, RunLauncher launcher, WorkerMetrics metrics, Clock clock, Runnable beforeClaim) {

    /** The stores of the loop. */
    public record Stores(PostgresOrgStore orgs, PostgresRunStore runs, PostgresDeadLetterStore deadLetters) {
        public Stores {
            Objects.requireNonNull(orgs, "orgs");
            Objects.requireNonNull(runs, "runs");
            Objects.requireNonNull(deadLetters, "deadLetters");
        }
    }

    public LoopSetup {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(beforeClaim, "beforeClaim");
    }
}
