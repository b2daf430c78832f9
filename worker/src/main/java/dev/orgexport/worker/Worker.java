package dev.orgexport.worker;

import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.deadletter.PostgresDeadLetterStore;
import dev.orgexport.schema.org.OrgControlLog;
import dev.orgexport.schema.org.PostgresOrgPins;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.quarantine.PostgresQuarantineStore;
import dev.orgexport.schema.run.PostgresRunStore;
import dev.orgexport.schema.run.RunOutcomes;
import dev.orgexport.worker.audit.AuthAuditor;
import dev.orgexport.worker.audit.OrgPinRecorder;
import dev.orgexport.worker.audit.QuarantineRecorder;
import dev.orgexport.worker.consume.LoopSetup;
import dev.orgexport.worker.control.OrgControlWatcher;
import dev.orgexport.worker.consume.TaskConsumerLoop;
import dev.orgexport.worker.export.ExportExecutor;
import dev.orgexport.worker.export.ExportServices;
import dev.orgexport.worker.export.GatewayPlatformAccess;
import dev.orgexport.worker.metrics.WorkerMetrics;
import dev.orgexport.worker.sink.Sink;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An orgexport worker: consumes {@code orgexport.tasks} as a member of {@code orgexport-workers},
 * claims each task's run, exports it through the platform gateway into a verified file, records
 * the outcome with its event in the outbox (the orchestrator's relay publishes it on
 * {@code orgexport.events}), and audits every authentication failure.
 *
 * <pre>{@code
 * Worker worker = Worker.start(config, WorkerEnvironment.of(dataSource, platformSettings, secrets));
 * ...
 * worker.close(); // on SIGTERM
 * }</pre>
 *
 * <p>Guarantees: each run is exported by one worker at a time (its lease); a run is SUCCEEDED
 * only with its file in place and its count, size and checksum stored; task records are
 * delivered at least once and redeliveries are skipped; no record can stop the worker.
 * {@link #close()} stops polling, lets in-flight exports finish within
 * {@code worker.shutdown-grace}, gives the other leases back, and stops every thread. A worker
 * started again under the same {@code worker.id} after a crash ends the leases its previous
 * process left, so those runs resume at once. Thread-safe.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration LOOP_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final WorkerConfig config;
    private final PlatformGateway gateway;
    private final Producer<byte[], byte[]> producer;
    private final ExportExecutor executor;
    private final TaskConsumerLoop loop;
    private final OrgControlWatcher controls;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Sink sink;

    private Worker(WorkerConfig config, WorkerEnvironment environment) {
        this.config = config;
        WorkerMetrics metrics = new WorkerMetrics(environment.meters());
        PostgresOrgStore orgs = new PostgresOrgStore(environment.dataSource());
        PostgresRunStore runs = new PostgresRunStore(environment.dataSource(), environment.clock());
        PostgresAuditStore audit = new PostgresAuditStore(environment.dataSource());
        PostgresQuarantineStore quarantines = new PostgresQuarantineStore(environment.dataSource(), environment.clock());
        this.sink = config.sink().open(config.outputRoot(), environment.secrets(), environment.clock());
        this.gateway = PlatformGateway.builder(environment.platform())
                .clock(environment.clock())
                .meterRegistry(environment.meters())
                .secrets(environment.secrets())
                .random(environment.random())
                .listener(new QuarantineRecorder(quarantines, orgs, metrics, config.workerId()))
                .organizationPins(new OrgPinRecorder(new PostgresOrgPins(environment.dataSource()), environment.clock(),
                        config.workerId()))
                .build();
        try {
            int leftOver = runs.endLeasesOf(config.workerId());
            if (leftOver > 0) {
                log.info("worker {}: {} runs were still leased to this worker id by its previous process; their leases "
                        + "end now, so they resume at once instead of after worker.lease", config.workerId(), leftOver);
            }
            this.producer = KafkaClients.producer(config);
            ExportServices services = new ExportServices(config, new GatewayPlatformAccess(gateway), sink,
                    new ExportServices.Stores(runs, new RunOutcomes(runs), quarantines),
                    new AuthAuditor(audit, metrics, environment.clock()), metrics, environment.clock(),
                    environment.random());
            this.executor = new ExportExecutor(services, gateway.orgBudgets()::permitsPerSecond);
            this.controls = OrgControlWatcher.start(new OrgControlLog(environment.dataSource()), gateway,
                    config.controlPoll());
            this.loop = TaskConsumerLoop.start(new LoopSetup(config, KafkaClients.consumer(config), producer,
                    new LoopSetup.Stores(orgs, runs, new PostgresDeadLetterStore(environment.dataSource())), executor,
                    metrics, environment.clock(), controls::poll));
        } catch (RuntimeException e) {
            gateway.close();
            sink.close();
            throw e;
        }
    }

    /**
     * Starts consuming at once.
     *
     * @throws IllegalArgumentException when the configuration is invalid (it is validated on
     *                                  construction, so only a custom record gets here)
     * @throws dev.orgexport.worker.sink.SinkException when the output root is not a writable directory, or the
     *                                                 S3 bucket cannot be listed
     */
    public static Worker start(WorkerConfig config, WorkerEnvironment environment) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(environment, "environment");
        log.info("worker {} starting: {}", config.workerId(), config);
        Worker worker = new Worker(config, environment);
        log.info("worker {} started: concurrency {}, lease {}, exports to {}", config.workerId(), config.concurrency(),
                config.lease(), worker.sink.describe());
        return worker;
    }

    public WorkerConfig config() {
        return config;
    }

    /** Runs this worker exports right now. */
    public int inFlight() {
        return executor.inFlight();
    }

    /**
     * Why this worker is not making progress, for readiness: its consumer handed nothing over
     * for {@code worker.consumer.stall-timeout} while it had lag, held records or paused
     * partitions. Empty when it is fine.
     */
    public Optional<String> stalled() {
        return closed.get() ? Optional.empty() : loop.stalled();
    }

    /** False once {@link #close()} started. */
    public boolean running() {
        return !closed.get();
    }

    /**
     * Graceful shutdown: stop polling (the consumer commits what it handled and leaves the
     * group), let in-flight exports finish within {@code worker.shutdown-grace}, give the other
     * leases back, then close the producer and the platform gateway. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("worker {} stopping: {} exports in flight, grace {}", config.workerId(), executor.inFlight(),
                config.shutdownGrace());
        if (!loop.stop(LOOP_STOP_TIMEOUT)) {
            log.warn("consumer loop did not stop within {} s", LOOP_STOP_TIMEOUT.toSeconds());
        }
        executor.close();
        controls.close();
        producer.close(Duration.ofSeconds(10));
        gateway.close();
        sink.close();
        log.info("worker {} stopped", config.workerId());
    }

    /**
     * What {@code kill -9} leaves behind, for crash drills: the consumer leaves the group (a dead
     * process's session would expire the same way), but no lease is given back and no outcome is
     * recorded; the runs in flight stay RUNNING until their leases expire.
     */
    void halt() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.halt();
        controls.close();
        loop.stop(LOOP_STOP_TIMEOUT);
        producer.close(Duration.ZERO);
        gateway.close();
        sink.close();
        log.warn("worker {} halted without giving back its leases", config.workerId());
    }
}
