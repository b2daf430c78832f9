package dev.orgexport.cli.demo;

import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.OrchestratorBinding;
import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.cli.process.StartedResources;
import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.orchestrator.Orchestrator;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.worker.KafkaSettings;
import dev.orgexport.worker.Worker;
import dev.orgexport.worker.WorkerConfig;
import dev.orgexport.worker.WorkerEnvironment;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the demo runs, in one process: the real Kafka broker, PostgreSQL (embedded, or
 * {@code ORGEXPORT_JDBC_URL}), the simulator, one orchestrator and two workers. Closing it stops
 * them in reverse order of start, so nothing is left running and no port stays bound.
 */
final class DemoStack implements AutoCloseable {

    static final int WORKERS = 2;

    private final StartedResources started = new StartedResources("the demo");
    private EmbeddedKafka kafka;
    private Database database;
    private Simulator simulator;

    /** Starts Kafka, PostgreSQL and the simulator; {@code step} receives one line per step. */
    void startBackends(SimulatorConfig simulatorConfig, Consumer<String> step) {
        kafka = remember(EmbeddedKafka.inTemporaryDirectory().start());
        for (String topic : List.of(ExportTask.TOPIC, KafkaSettings.DEFAULT_DLQ_TOPIC, ExportEvent.TOPIC)) {
            kafka.createTopic(topic, 4);
        }
        step.accept("Kafka: " + kafka.description());
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("demo");
        database = remember(Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password())));
        step.accept("PostgreSQL: " + PostgresProvider.shared().description() + ", database " + fresh.name() + ", schema migrated");
        simulator = remember(Simulator.start(simulatorConfig, 0));
        step.accept("Genesys Cloud simulator: every region under http://127.0.0.1:" + simulator.port() + "/<region-id>");
    }

    /** Starts one orchestrator and two workers, with the demo's short intervals. */
    void startProcesses(Path outputRoot, MeterRegistry meters, Consumer<String> step) {
        Orchestrator orchestrator = Orchestrator.create(database.dataSource(), OrchestratorBinding.config(Configuration.of(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "orchestrator.instance-id", "demo-orchestrator",
                "orchestrator.scheduler.tick", "PT1S",
                "orchestrator.relay.poll-interval", "PT0.1S",
                "orchestrator.sweeper.interval", "PT1S"), "the demo"), Map.of()), Clock.systemUTC(), meters);
        orchestrator.start();
        remember(orchestrator);
        step.accept("orchestrator started (scheduler, outbox relay, sweeper)");
        PlatformSettings platform = PlatformSettings.defaults()
                .withRegions(PlatformConfiguration.routeEveryRegion("http://127.0.0.1:" + simulator.port() + "/{region}"));
        for (int i = 1; i <= WORKERS; i++) {
            WorkerConfig config = WorkerConfig.builder("demo-worker-" + i, kafka.bootstrapServers(), outputRoot)
                    .concurrency(4)
                    .lease(Duration.ofSeconds(15), Duration.ofSeconds(3))
                    .jobPollInterval(Duration.ofMillis(100))
                    .build();
            Worker worker = Worker.start(config, WorkerEnvironment.of(database.dataSource(), platform, SecretResolver.system())
                    .withMeters(workerMeters(meters, config.workerId())));
            remember(worker);
        }
        step.accept(WORKERS + " workers started (group orgexport-workers, 4 exports each at once)");
    }

    /**
     * The demo's registry seen through a {@code worker} tag. Both workers publish to the one
     * registry behind /metrics, and Micrometer keeps the first gauge or function counter
     * registered under a name and tags, dropping later ones: without a tag of its own, the second
     * worker's token, breaker and partition meters would never be scraped.
     */
    private static MeterRegistry workerMeters(MeterRegistry shared, String workerId) {
        MeterRegistry tagged = new CompositeMeterRegistry(io.micrometer.core.instrument.Clock.SYSTEM, List.of(shared));
        tagged.config().commonTags("worker", workerId);
        return tagged;
    }

    Database database() {
        return database;
    }

    Simulator simulator() {
        return simulator;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    private <T extends AutoCloseable> T remember(T resource) {
        return started.remember(resource);
    }

    @Override
    public void close() {
        started.close();
    }
}
