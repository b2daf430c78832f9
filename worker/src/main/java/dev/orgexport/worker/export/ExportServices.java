package dev.orgexport.worker.export;

import dev.orgexport.schema.quarantine.PostgresQuarantineStore;
import dev.orgexport.schema.run.PostgresRunStore;
import dev.orgexport.schema.run.RunOutcomes;
import dev.orgexport.worker.WorkerConfig;
import dev.orgexport.worker.audit.AuthAuditor;
import dev.orgexport.worker.metrics.WorkerMetrics;
import dev.orgexport.worker.sink.Sink;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What the export engine works with: configuration, the platform, the sink, the stores (outcome
 * events go to the outbox with the outcome), the auditor, the meters, the clock and the randomness of backoff jitter.
 * Every part is thread-safe.
 */
public record ExportServices(WorkerConfig config, PlatformAccess platform, Sink sink, Stores stores,
                             AuthAuditor auditor, WorkerMetrics metrics, Clock clock,
                             RandomGenerator random) {

    /** The PostgreSQL stores the engine writes. */
    public record Stores(PostgresRunStore runs, RunOutcomes outcomes, PostgresQuarantineStore quarantines) {
        public Stores {
            Objects.requireNonNull(runs, "runs");
            Objects.requireNonNull(outcomes, "outcomes");
            Objects.requireNonNull(quarantines, "quarantines");
        }
    }

    public ExportServices {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(auditor, "auditor");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }
}
