package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.kafka.KafkaBroker;
import dev.orgexport.devstack.kafka.KafkaProvider;
import dev.orgexport.devstack.kafka.TopicContents;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.region.BaseUrls;
import dev.orgexport.platform.region.RegionSettings;
import dev.orgexport.platform.resilience.RateLimitSettings;
import dev.orgexport.platform.resilience.ResilienceSettings;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.region.Region;
import dev.orgexport.schema.run.NewRun;
import dev.orgexport.schema.run.PostgresRunStore;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TaskCodec;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.Truth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Everything a worker integration test runs against, all real: the simulator over HTTP (behind a
 * token-recording proxy), a fresh PostgreSQL database (statements counted), the shared embedded
 * Kafka broker with this stage's own topics and group, and an output directory. Acts as the
 * orchestrator too: creates runs and publishes their tasks.
 */
final class WorkerStage implements AutoCloseable {

    static final int TASK_PARTITIONS = 3;

    private final String name;
    private final Simulator simulator;
    private final TokenRecordingProxy proxy;
    private final Database database;
    private final CountingDataSource counting;
    private final KafkaBroker kafka;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Path outputRoot;
    private final Map<String, StageOrg> orgs = new HashMap<>();
    private final List<Worker> workers = new ArrayList<>();
    private final TaskCodec codec = new TaskCodec();

    private final boolean viaProxy;
    private final Clock clock;
    private FreshDatabase fresh;

    private WorkerStage(String name, SimulatorConfig.Builder simulatorConfig, List<StageOrg> stageOrgs, boolean viaProxy,
                        Clock clock) throws IOException {
        this.name = name;
        this.viaProxy = viaProxy;
        this.clock = clock;
        simulatorConfig.limits(new SimulatorConfig.Limits(60_000, 1_000, SimulatorConfig.BudgetScope.TOKEN));
        for (StageOrg org : stageOrgs) {
            orgs.put(org.id(), org);
            simulatorConfig.org(org.id(), "Org " + org.id(), org.simulatorRegion());
            simulatorConfig.client(org.clientId(), org.secret(), org.id());
        }
        this.simulator = Simulator.start(simulatorConfig.build(), 0, clock);
        this.proxy = new TokenRecordingProxy(simulator.port());
        this.fresh = PostgresProvider.shared().freshDatabase(name);
        this.database = Database.open(new DatabaseConfig(fresh.jdbcUrl(), fresh.user(), fresh.password(), 20,
                Duration.ofSeconds(10)));
        this.counting = new CountingDataSource(database.dataSource());
        insertOrgs(stageOrgs);
        this.kafka = KafkaProvider.shared();
        kafka.createTopic(tasksTopic(), TASK_PARTITIONS);
        kafka.createTopic(dlqTopic(), 1);
        kafka.createTopic(eventsTopic(), 1);
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        properties.put("acks", "all");
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.outputRoot = Files.createTempDirectory("orgexport-" + name);
    }

    /** A stage whose workers reach the simulator through the token-recording proxy. */
    static WorkerStage open(String name, SimulatorConfig.Builder simulatorConfig, List<StageOrg> orgs) {
        return open(name, simulatorConfig, orgs, true);
    }

    /** @param viaProxy false to let workers call the simulator directly (the benchmark: no extra hop) */
    static WorkerStage open(String name, SimulatorConfig.Builder simulatorConfig, List<StageOrg> orgs, boolean viaProxy) {
        return open(name, simulatorConfig, orgs, viaProxy, Clock.systemUTC());
    }

    /** @param clock the one clock of the simulator and of the workers' environment (a test may move it) */
    static WorkerStage open(String name, SimulatorConfig.Builder simulatorConfig, List<StageOrg> orgs, boolean viaProxy,
                            Clock clock) {
        try {
            return new WorkerStage(name, simulatorConfig, orgs, viaProxy, clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fast settings for tests: short polls, waits and leases; small pages so results span pages. */
    WorkerConfig.Builder workerConfig(String workerId) {
        return WorkerConfig.builder(workerId, kafka.bootstrapServers(), outputRoot)
                .kafka(KafkaSettings.defaults(kafka.bootstrapServers())
                        .withTopics(tasksTopic(), dlqTopic(), eventsTopic())
                        .withGroupId(groupId())
                        .withPolling(50, Duration.ofMillis(100)))
                .jobPollInterval(Duration.ofMillis(50))
                .pageSize(10)
                .lease(Duration.ofSeconds(3), Duration.ofMillis(500))
                .availabilityRecheck(Duration.ofSeconds(1))
                .shutdownGrace(Duration.ofSeconds(2));
    }

    WorkerEnvironment environment() {
        return environment(UnaryOperator.identity());
    }

    /** The environment with platform settings adjusted (shorter breaker waits, say). */
    WorkerEnvironment environment(UnaryOperator<PlatformSettings> adjust) {
        RegionSettings regions = RegionSettings.defaults();
        for (Region region : simulator.catalog().all()) {
            int port = viaProxy ? proxy.port() : simulator.port();
            regions = regions.withBaseUrls(region.id(), BaseUrls.both("http://127.0.0.1:" + port + "/" + region.id()));
        }
        Map<String, String> secrets = orgs.values().stream().collect(Collectors.toMap(StageOrg::secretEnv, StageOrg::secret));
        // The platform's per-org budget spaces calls 210.5 ms apart (285/min): right for production, but
        // it would make these tests wait minutes. Tests raise it, and the simulator's limits with it.
        PlatformSettings platform = PlatformSettings.defaults().withRegions(regions).withResilience(
                ResilienceSettings.defaults().withRateLimit(RateLimitSettings.defaults().withBudget(60_000, Duration.ofMinutes(1))));
        return new WorkerEnvironment(counting, adjust.apply(platform), SecretResolver.of(secrets),
                new SimpleMeterRegistry(), clock, new SplittableRandom(7));
    }

    Worker startWorker(WorkerConfig config) {
        return startWorker(config, environment());
    }

    Worker startWorker(WorkerConfig config, WorkerEnvironment environment) {
        Worker worker = Worker.start(config, environment);
        workers.add(worker);
        return worker;
    }

    /** Creates the run (as the scheduler does) and publishes its task; returns the task. */
    ExportTask enqueue(String orgId, ExportKind kind, TimeWindow window) {
        NewRun run = createRun(orgId, kind, window);
        ExportTask task = ExportTask.of(run.runId(), orgId, kind, window, 0, Instant.now(), "trace-" + run.runId());
        publish(task);
        return task;
    }

    /** Creates the run in state QUEUED, without publishing a task. */
    NewRun createRun(String orgId, ExportKind kind, TimeWindow window) {
        NewRun run = new NewRun(orgId, kind, window);
        try (Connection connection = database.dataSource().getConnection()) {
            new PostgresRunStore(database.dataSource()).createIfAbsent(connection, run, Instant.now());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return run;
    }

    void publish(ExportTask task) {
        publishRaw(task.orgId(), codec.write(task));
    }

    void publishRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(tasksTopic(), key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + tasksTopic(), e);
        }
    }

    /** What the orchestrator's sweeper does: moves due runs back to QUEUED and publishes their tasks; returns how many. */
    int sweep(dev.orgexport.schema.run.PostgresRunQueueStore.Due due) {
        try (Connection connection = database.dataSource().getConnection()) {
            var requeued = new dev.orgexport.schema.run.PostgresRunQueueStore().requeue(connection, due, Instant.now(), 100);
            for (var run : requeued) {
                publish(ExportTask.of(run.runId(), run.orgId(), run.kind(), run.window(), run.attempt(), Instant.now(),
                        "trace-" + run.runId()));
            }
            return requeued.size();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void publishTo(int partition, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(tasksTopic(), partition, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + tasksTopic(), e);
        }
    }

    Run run(UUID runId) {
        return new PostgresRunStore(database.dataSource()).find(runId).orElseThrow();
    }

    List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        PostgresRunStore store = new PostgresRunStore(database.dataSource());
        for (UUID id : queryIds("SELECT run_id FROM export_run ORDER BY org_id, kind, window_start")) {
            runs.add(store.find(id).orElseThrow());
        }
        return runs;
    }

    private List<UUID> queryIds(String sql) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            List<UUID> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The outcome events the workers wrote to the outbox for the events topic, oldest first
     * (the orchestrator's relay publishes them; there is no relay in these tests).
     */
    List<dev.orgexport.schema.event.ExportEvent> events() {
        dev.orgexport.schema.event.EventCodec codec = new dev.orgexport.schema.event.EventCodec();
        List<dev.orgexport.schema.event.ExportEvent> events = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT payload::text FROM outbox WHERE topic = ? ORDER BY id")) {
            statement.setString(1, eventsTopic());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(codec.read(rows.getString(1).getBytes(StandardCharsets.UTF_8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** Every row of a table as text, for scans. */
    String tableText(String table) {
        StringBuilder text = new StringBuilder();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT t::text FROM " + table + " t");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                text.append(rows.getString(1)).append('\n');
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    /** Every record of a topic, from the beginning to its end now. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return TopicContents.readAll(kafka.bootstrapServers(), topic, Duration.ofSeconds(30));
    }


    /** The file of a SUCCEEDED run holds exactly what its row says, and what the simulator says it should. */
    void assertFileMatchesTruth(Run run) {
        assertThat(run.result()).as("result of %s", run.runId()).isNotNull();
        Path file = Path.of(run.result().location());
        assertThat(file.startsWith(outputRoot)).as("%s under %s", file, outputRoot).isTrue();
        byte[] content;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        long lines = 0;
        for (byte b : content) {
            lines += b == '\n' ? 1 : 0;
        }
        String sha = sha256(content);
        Truth truth = simulator.truth(run.orgId(), run.kind(), run.window().start(), run.window().end());
        assertThat(lines).as("lines of %s", file).isEqualTo(run.result().records()).isEqualTo(truth.records());
        assertThat(sha).as("sha256 of %s", file).isEqualTo(run.result().sha256()).isEqualTo(truth.sha256());
        assertThat((long) content.length).as("bytes of %s", file).isEqualTo(run.result().bytes());
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void insertOrgs(List<StageOrg> stageOrgs) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "INSERT INTO org (id, name, region, client_id, secret_ref) VALUES (?, ?, ?, ?, ?)")) {
            for (StageOrg org : stageOrgs) {
                statement.setString(1, org.id());
                statement.setString(2, "Org " + org.id());
                statement.setString(3, org.configuredRegion());
                statement.setString(4, org.clientId());
                statement.setString(5, "env:" + org.secretEnv());
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as text (a count, say). */
    String query(String sql) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String sql) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Simulator simulator() {
        return simulator;
    }

    /**
     * Moves the test's clock (simulator and worker share it; call it at rest) to the first minute
     * from now at which the conversation details of the hour ending 6 minutes earlier (just past the
     * simulator's 5-minute availability lag) are still live for a job submitted within the next
     * minute: a conversation at the window's edge is still in progress, so exporting the window
     * before it settled gives other content than its truth, whatever the time of day the test
     * runs at. Returns that hour.
     */
    TimeWindow unsettledConversationHour(String orgId, OffsetClock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        for (int minutes = 0; minutes < 24 * 60; minutes++, now = now.plus(Duration.ofMinutes(1))) {
            Instant end = now.minus(Duration.ofMinutes(6));
            Instant start = end.minus(Duration.ofHours(1));
            Truth seen = simulator.seenAt(orgId, ExportKind.CONVERSATION_DETAILS, start, end, now.plus(Duration.ofMinutes(1)));
            if (!seen.equals(simulator.truth(orgId, ExportKind.CONVERSATION_DETAILS, start, end))) {
                clock.advance(Duration.between(clock.instant(), now));
                return new TimeWindow(start, end);
            }
        }
        throw new IllegalStateException("no hour of " + orgId + " in the next day has a conversation in progress at "
                + "its end; the simulator's data sizing is too small");
    }

    TokenRecordingProxy proxy() {
        return proxy;
    }

    CountingDataSource counting() {
        return counting;
    }

    javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    Path outputRoot() {
        return outputRoot;
    }

    /** The stage's database, for a worker in a child JVM. */
    FreshDatabase freshDatabase() {
        return fresh;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String groupId() {
        return name + "-workers";
    }

    /** The orgs' client secrets by the environment variable their references name. */
    Map<String, String> orgSecrets() {
        return orgs.values().stream().collect(Collectors.toMap(StageOrg::secretEnv, StageOrg::secret));
    }

    StageOrg org(String id) {
        return orgs.get(id);
    }

    String tasksTopic() {
        return name + ".tasks";
    }

    String dlqTopic() {
        return name + ".tasks.dlq";
    }

    String eventsTopic() {
        return name + ".events";
    }

    @Override
    public void close() {
        workers.forEach(Worker::close);
        producer.close(Duration.ofSeconds(5));
        proxy.close();
        simulator.close();
        database.close();
    }
}
