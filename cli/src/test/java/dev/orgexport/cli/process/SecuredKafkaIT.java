package dev.orgexport.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.cli.CliRun;
import dev.orgexport.cli.demo.SecretFiles;
import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.devstack.tls.SelfSignedTls;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka as deployed: a broker whose only client listener is SASL_SSL/PLAIN with a certificate the
 * clients trust through {@code kafka.properties.ssl.truststore.*} (an unauthenticated client gets
 * nothing), as on managed Kafka services, and the real {@code orgexport orchestrator} and two
 * {@code orgexport worker} processes, each a child JVM started from {@code Main} with a
 * configuration file whose {@code kafka.properties.*} carry the security settings and whose JAAS
 * line (with the password) is given by {@code file:} reference. Their admin clients create the
 * topics, the orchestrator's producer publishes the tasks, both workers consume them in one
 * group and export every window from the simulator. A wrong password (SASL_PLAINTEXT there)
 * stops a worker at start with an error naming the key, never the password.
 */
class SecuredKafkaIT {

    private static final String USER = "orgexport";
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final List<String> ORGS = List.of("sasl-use1", "sasl-usw2", "sasl-euc1");
    private static final Map<String, String> REGIONS = Map.of("sasl-use1", "us-east-1", "sasl-usw2", "us-west-2",
            "sasl-euc1", "eu-central-1");

    @TempDir
    Path directory;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** The backfilled windows end at or before this; the schedule's own later windows are not waited for. */
    private Instant backfillEnd = Instant.EPOCH;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process child : children) {
            child.destroy();
        }
        for (Process child : children) {
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }

    @Test
    void an_orchestrator_and_two_workers_exchange_tasks_through_a_broker_that_requires_sasl_over_tls() throws Exception {
        String password = UUID.randomUUID().toString();
        SelfSignedTls tls = SelfSignedTls.create(directory, "broker");
        EmbeddedKafka kafka = remember(EmbeddedKafka.inTemporaryDirectory()
                .withSaslPlainOverTls(Map.of(USER, password), tls).start());
        assertUnauthenticatedClientsGetNothing(kafka.bootstrapServers());
        FreshDatabase database = PostgresProvider.shared().freshDatabase("sasl");
        Simulator simulator = remember(Simulator.start(simulatorConfig(), 0));
        Path jaas = writeJaas("kafka.jaas", password);
        Path config = writeConfig("orgexport.conf", kafka, database, simulator, jaas, tls);

        CliRun.Result applied = CliRun.run("orgs", "apply", registryFile().toString(), "--config", config.toString());
        assertThat(applied.exitCode()).as(applied.printed()).isZero();
        // Past windows, so the test need not wait for the current one to end: created by the
        // operator command, published by the orchestrator's producer, exported by the workers.
        // Two hours back: past the worker's settle margin (worker.settle-margin, 1 h) and the
        // simulator's availability lag, so no window waits for its data.
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        backfillEnd = to;
        for (String org : ORGS) {
            CliRun.Result backfill = CliRun.run("backfill", "--config", config.toString(), "--org", org, "--kind",
                    "conversation-details", "--from", to.minus(Duration.ofMinutes(30)).toString(), "--to", to.toString());
            assertThat(backfill.exitCode()).as(backfill.printed()).isZero();
        }

        Process orchestrator = launch("orchestrator", Map.of(), "orchestrator", "--config", config.toString(),
                "--registry", registryFile().toString());
        Process worker1 = launch("worker-1", Map.of("ORGEXPORT_WORKER_ID", "sasl-worker-1"), "worker", "--config",
                config.toString());
        Process worker2 = launch("worker-2", Map.of("ORGEXPORT_WORKER_ID", "sasl-worker-2"), "worker", "--config",
                config.toString());

        Map<String, Long> states = awaitEveryRunSucceeded(database, List.of(orchestrator, worker1, worker2));
        assertThat(states).as("backfilled runs by state").containsOnlyKeys("SUCCEEDED");
        assertThat(states.get("SUCCEEDED")).as("runs exported: 6 backfilled windows per org at least")
                .isGreaterThanOrEqualTo(6L * ORGS.size());
        ConsumerGroupDescription group = describeWorkerGroup(kafka.bootstrapServers(), password, tls);
        assertThat(group.members()).extracting(MemberDescription::clientId).as("members of orgexport-workers")
                .containsExactlyInAnyOrder("orgexport-worker-sasl-worker-1", "orgexport-worker-sasl-worker-2");
        assertThat(group.members()).allSatisfy(member ->
                assertThat(member.assignment().topicPartitions()).as("partitions of %s", member.clientId()).isNotEmpty());
        for (String name : List.of("orchestrator", "worker-1", "worker-2")) {
            assertThat(Files.readString(output(name))).as("output of %s", name).doesNotContain(password)
                    .doesNotContain(tls.password());
        }
    }

    @Test
    void a_wrong_sasl_password_stops_the_worker_at_start_naming_the_key_and_never_the_password() throws Exception {
        String password = UUID.randomUUID().toString();
        String wrong = "wrong-" + UUID.randomUUID();
        EmbeddedKafka kafka = remember(EmbeddedKafka.inTemporaryDirectory().withSaslPlain(Map.of(USER, password)).start());
        FreshDatabase database = PostgresProvider.shared().freshDatabase("saslbad");
        Simulator simulator = remember(Simulator.start(simulatorConfig(), 0));
        Path config = writeConfig("wrong.conf", kafka, database, simulator, writeJaas("wrong.jaas", wrong), null);

        Process worker = launch("worker-wrong", Map.of("ORGEXPORT_WORKER_ID", "sasl-worker-wrong"), "worker", "--config",
                config.toString());

        assertThat(worker.waitFor(90, TimeUnit.SECONDS)).as("the worker exits by itself").isTrue();
        String printed = Files.readString(output("worker-wrong"));
        assertThat(worker.exitValue()).as(printed).isEqualTo(1);
        assertThat(printed).contains("orgexport: Kafka at " + kafka.bootstrapServers() + " refused orgexport's credentials")
                .contains("kafka.properties.sasl.jaas.config")
                .doesNotContain(wrong).doesNotContain(password);
    }

    private void assertUnauthenticatedClientsGetNothing(String bootstrapServers) {
        try (Admin plain = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", 2000,
                "default.api.timeout.ms", 4000))) {
            try {
                plain.listTopics().names().get(10, TimeUnit.SECONDS);
                throw new AssertionError("a client without SASL credentials listed the topics of " + bootstrapServers);
            } catch (ExecutionException | TimeoutException expected) {
                // refused: the listener speaks SASL only
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private ConsumerGroupDescription describeWorkerGroup(String bootstrapServers, String password, SelfSignedTls tls)
            throws Exception {
        Map<String, Object> properties = new HashMap<>(EmbeddedKafka.saslSslClientProperties(USER, password, tls));
        properties.put("bootstrap.servers", bootstrapServers);
        try (Admin admin = Admin.create(properties)) {
            return admin.describeConsumerGroups(List.of("orgexport-workers")).all().get(30, TimeUnit.SECONDS)
                    .get("orgexport-workers");
        }
    }

    private Map<String, Long> awaitEveryRunSucceeded(FreshDatabase database, List<Process> processes)
            throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Map<String, Long> states = Map.of();
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                assertThat(process.isAlive()).as("a child process died; outputs under %s", directory).isTrue();
            }
            states = runStates(database);
            if (!states.isEmpty() && states.keySet().equals(java.util.Set.of("SUCCEEDED"))
                    && states.get("SUCCEEDED") >= 6L * ORGS.size() && everyOrgExported(database)) {
                return states;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not every run SUCCEEDED within " + DEADLINE + ": " + states + ", last failures "
                + lastFailures(database) + "; outputs under " + directory);
    }

    private Map<String, Long> runStates(FreshDatabase database) throws SQLException {
        Map<String, Long> states = new HashMap<>();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            if (!tableExists(statement)) {
                return states;
            }
            try (ResultSet rows = statement.executeQuery("SELECT state, count(*) FROM export_run WHERE " + backfilled() + " GROUP BY state")) {
                while (rows.next()) {
                    states.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return states;
    }

    private List<String> lastFailures(FreshDatabase database) throws SQLException {
        List<String> failures = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT last_failure_kind || ': ' || last_failure_message "
                     + "FROM export_run WHERE last_failure_kind IS NOT NULL AND " + backfilled() + " LIMIT 5")) {
            while (rows.next()) {
                failures.add(rows.getString(1));
            }
        }
        return failures;
    }

    private String backfilled() {
        return "window_end <= '" + backfillEnd + "'::timestamptz";
    }

    private boolean everyOrgExported(FreshDatabase database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(DISTINCT org_id) FROM export_run WHERE state = 'SUCCEEDED' AND " + backfilled())) {
            return rows.next() && rows.getLong(1) == ORGS.size();
        }
    }

    private static boolean tableExists(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT to_regclass('export_run') IS NOT NULL")) {
            return rows.next() && rows.getBoolean(1);
        }
    }

    private SimulatorConfig simulatorConfig() throws IOException {
        SimulatorConfig.Builder builder = SimulatorConfig.builder();
        for (String org : ORGS) {
            String secret = SecretFiles.writeRandom(directory.resolve(org + ".secret"));
            builder.org(org, "SASL test " + org, REGIONS.get(org)).client(SimulatorConfig.Client.of(org + "-client", secret, org));
        }
        return builder.build();
    }

    private Path registryFile() throws IOException {
        StringBuilder yaml = new StringBuilder("orgs:\n");
        for (String org : ORGS) {
            yaml.append("  - id: ").append(org).append('\n')
                    .append("    name: SASL test ").append(org).append('\n')
                    .append("    region: ").append(REGIONS.get(org)).append('\n')
                    .append("    clientId: ").append(org).append("-client\n")
                    .append("    secret: file:").append(directory.resolve(org + ".secret")).append('\n')
                    .append("    exports:\n")
                    .append("      - kind: conversation-details\n")
                    .append("        every: PT5M\n")
                    .append("        lag: PT0S\n")
                    .append("        catchUp: PT1H\n");
        }
        return Files.writeString(directory.resolve("orgs.yaml"), yaml, StandardCharsets.UTF_8);
    }

    private Path writeJaas(String name, String password) throws IOException {
        return ownerOnly(Files.writeString(directory.resolve(name), EmbeddedKafka.saslClientProperties(USER, password)
                .get("sasl.jaas.config") + "\n", StandardCharsets.UTF_8));
    }

    private static Path ownerOnly(Path file) throws IOException {
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** @param tls the broker's TLS identity, whose trust store the clients get (SASL_SSL); null: SASL_PLAINTEXT */
    private Path writeConfig(String name, EmbeddedKafka kafka, FreshDatabase database, Simulator simulator, Path jaas,
                             SelfSignedTls tls) throws IOException {
        ownerOnly(Files.writeString(directory.resolve(name + ".pgpass"), database.password() + "\n", StandardCharsets.UTF_8));
        String security = "kafka.properties.security.protocol = SASL_PLAINTEXT";
        if (tls != null) {
            // The trust store's password is secret-bearing (*.password): given by reference, as the JAAS line is.
            Path storePassword = ownerOnly(Files.writeString(directory.resolve(name + ".trustpass"), tls.password() + "\n",
                    StandardCharsets.UTF_8));
            security = String.join("\n",
                    "kafka.properties.security.protocol = SASL_SSL",
                    "kafka.properties.ssl.truststore.type = PKCS12",
                    "kafka.properties.ssl.truststore.location = " + tls.trustStore(),
                    "kafka.properties.ssl.truststore.password = file:" + storePassword);
        }
        String text = String.join("\n",
                "database.url = " + database.jdbcUrl(),
                "database.user = " + database.user(),
                "database.password = file:" + directory.resolve(name + ".pgpass"),
                "kafka.bootstrap-servers = " + kafka.bootstrapServers(),
                "kafka.partitions = 4",
                security,
                "kafka.properties.sasl.mechanism = PLAIN",
                "kafka.properties.sasl.jaas.config = file:" + jaas,
                "platform.base-url = http://127.0.0.1:" + simulator.port() + "/{region}",
                "orchestrator.scheduler.tick = 500ms",
                "orchestrator.relay.poll-interval = 100ms",
                "orchestrator.sweeper.interval = 1s",
                "worker.output-root = " + directory.resolve("exports"),
                "worker.job-poll-interval = 100ms",
                "worker.shutdown-grace = 1s",
                "") ;
        return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** {@code orgexport <args>} in a child JVM with this JVM's class path; output (both streams) to a file. */
    private Process launch(String name, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add(1, "-Dlogback.configurationFile=" + logback);
        }
        command.add("dev.orgexport.cli.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output(name).toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("ORGEXPORT_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        children.add(process);
        return process;
    }

    private Path output(String name) {
        return directory.resolve(name + ".out");
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }
}
