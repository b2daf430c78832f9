package dev.orgexport.cli.bench;

import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.OrchestratorBinding;
import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.cli.demo.SecretFiles;
import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.orchestrator.Orchestrator;
import dev.orgexport.orchestrator.outbox.TaskEnqueuer;
import dev.orgexport.orchestrator.registry.ApplyResult;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.run.NewRun;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.worker.DispatchSettings;
import dev.orgexport.worker.KafkaSettings;
import dev.orgexport.worker.Worker;
import dev.orgexport.worker.WorkerConfig;
import dev.orgexport.worker.WorkerEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One orgexport world for one benchmark scenario, all real and all defaults: a fresh PostgreSQL
 * database, a fresh Kafka broker (tasks topic with {@code kafka.partitions}' default of 12), the
 * simulator, the orgs applied from an orgs.yaml (secrets by {@code file:} reference), one
 * orchestrator (relay and sweeper) and two workers, each with its own platform gateway (own token
 * cache, own rate limiters), in this JVM. Broken orgs have a wrong secret in the registry.
 */
final class FleetStage implements AutoCloseable {

    static final int PARTITIONS = 12;
    static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-2",
        "ap-southeast-2", "ap-northeast-1", "ca-central-1"};

    /** An org of the scenario. */
    record Org(String id, String region, String clientId, boolean broken) {
    }

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    final List<Org> orgs;
    final Simulator simulator;
    final DataSource db;
    final List<Worker> workers = new ArrayList<>();
    private final EmbeddedKafka kafka;
    private final Path directory;

    FleetStage(Path directory, List<Org> orgs, SimulatorConfig.Builder simulatorConfig) throws Exception {
        this.directory = directory;
        this.orgs = orgs;
        for (Org org : orgs) {
            String secret = SecretFiles.writeRandom(secretFile(org));
            simulatorConfig.org(org.id(), "Bench " + org.id(), org.region())
                    .client(SimulatorConfig.Client.of(org.clientId(), org.broken() ? "rotated-" + secret : secret, org.id()));
        }
        this.simulator = remember(Simulator.start(simulatorConfig.build(), 0));
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("fleet");
        this.db = remember(Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password())
                .withMaxPoolSize(40))).dataSource();
        this.kafka = remember(EmbeddedKafka.inDirectory(Files.createTempDirectory(directory, "kafka")).start());
        kafka.createTopic(ExportTask.TOPIC, PARTITIONS);
        kafka.createTopic(KafkaSettings.DEFAULT_DLQ_TOPIC, 1);
        kafka.createTopic(KafkaSettings.DEFAULT_EVENTS_TOPIC, 1);
        ApplyResult applied = new OrgRegistry(db, Clock.systemUTC(), RegionCatalog.builtIn(), RegistryConfig.defaults())
                .apply(registryFile(), false);
        if (!applied.valid()) {
            throw new IllegalStateException(applied.render());
        }
    }

    /** Starts the orchestrator and the workers, all with their defaults. */
    void startProcesses(int workerCount) {
        Orchestrator orchestrator = remember(Orchestrator.create(db, OrchestratorBinding.config(Configuration.of(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(), "orchestrator.instance-id", "bench-orchestrator"),
                "FleetBenchmark"), Map.of()), Clock.systemUTC(), new SimpleMeterRegistry()));
        orchestrator.start();
        PlatformSettings platform = PlatformSettings.defaults()
                .withRegions(PlatformConfiguration.routeEveryRegion("http://127.0.0.1:" + simulator.port() + "/{region}"));
        for (int i = 1; i <= workerCount; i++) {
            // Defaults, except when an experiment overrides the per-org bound (-Dbench.org-concurrency=N).
            WorkerConfig config = WorkerConfig.builder("bench-worker-" + i, kafka.bootstrapServers(),
                    directory.resolve("exports")).dispatch(DispatchSettings.DEFAULT.withOrgConcurrency(
                            Integer.getInteger("bench.org-concurrency", 0))).build();
            workers.add(remember(Worker.start(config, WorkerEnvironment.of(db, platform, SecretResolver.system()))));
        }
        awaitGroupStable(workerCount);
    }

    /** Long-running workers have joined their group before work arrives; so do these, before the clock starts. */
    private void awaitGroupStable(int members) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(KafkaSettings.DEFAULT_GROUP_ID))
                        .all().get().get(KafkaSettings.DEFAULT_GROUP_ID);
                int assigned = group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                if (group.groupState() == GroupState.STABLE && group.members().size() == members && assigned == PARTITIONS) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException("consumer group did not settle", e);
        }
        throw new IllegalStateException("consumer group did not settle within 60 s");
    }

    /** Creates the runs and their outbox rows in one transaction, as the scheduler or a backfill does. */
    Instant enqueue(List<ExportKind> kinds, List<TimeWindow> windows) throws Exception {
        List<NewRun> runs = new ArrayList<>();
        for (Org org : orgs) {
            for (ExportKind kind : kinds) {
                for (TimeWindow window : windows) {
                    runs.add(new NewRun(org.id(), kind, window));
                }
            }
        }
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            new TaskEnqueuer(new PostgresOutboxStore(db)).createAndEnqueue(connection, runs, Instant.now());
            connection.commit();
        }
        return Instant.now();
    }

    /** Per org: runs SUCCEEDED and the last success. */
    Map<String, long[]> successes() throws Exception {
        Map<String, long[]> byOrg = new HashMap<>();
        try (Connection connection = db.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT org_id, count(*), "
                     + "(extract(epoch FROM max(updated_at)) * 1000)::bigint FROM export_run WHERE state = 'SUCCEEDED' "
                     + "GROUP BY org_id");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                byOrg.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
            }
        }
        return byOrg;
    }

    long count(String sql) throws Exception {
        try (Connection connection = db.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    int inFlight() {
        return workers.stream().mapToInt(Worker::inFlight).sum();
    }

    /** Closes the workers only (they give back nothing: all is done or left to expire). */
    void closeWorkers() {
        for (Worker worker : workers) {
            worker.close();
        }
    }

    private Path registryFile() throws Exception {
        StringBuilder yaml = new StringBuilder("orgs:\n");
        for (Org org : orgs) {
            yaml.append("  - id: ").append(org.id()).append('\n')
                    .append("    name: Bench ").append(org.id()).append('\n')
                    .append("    region: ").append(org.region()).append('\n')
                    .append("    clientId: ").append(org.clientId()).append('\n')
                    .append("    secret: file:").append(secretFile(org)).append('\n');
        }
        Path file = directory.resolve("orgs.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private Path secretFile(Org org) {
        return directory.resolve(org.id() + ".secret");
    }

    private <T extends AutoCloseable> T remember(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                System.err.println("closing: " + e);
            }
        }
    }
}
