package dev.orgexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.cli.EndToEndEvidence.FileFacts;
import dev.orgexport.cli.EndToEndEvidence.RunRow;
import dev.orgexport.cli.demo.SecretFiles;
import dev.orgexport.devstack.postgres.PersistentPostgres;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.JobTimings;
import dev.orgexport.simulator.Truth;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code orgexport standalone} as a real child JVM with three simulated orgs (east and emea
 * healthy, broken configured for us-east-1 while its client lives in us-west-2): exports run,
 * the process is killed with SIGKILL in the middle of them, started again on the same data
 * directory, and finishes. Then every file is read back and compared with the simulator's truth:
 * nothing lost, nothing exported twice, the runs finished before the kill untouched.
 */
class StandaloneRestartIT {

    private static final List<String> HEALTHY = List.of("east", "emea");
    private static final int HOURS = 4;

    @TempDir
    static Path directory;

    private static Simulator simulator;
    private static StandaloneProcess standalone;
    private static Path dataDir;
    private static Instant from;
    private static Instant to;
    /** Run id -> sha256 and finish time of the runs that had succeeded when the process was killed. */
    private static Map<UUID, String> succeededBeforeKill;
    private static Map<Path, Long> filesBeforeKill;
    private static long runningAtKill;
    private static List<RunRow> finalRuns;
    private static String firstOutput;
    private static String secondOutput;
    private static Duration finishedAfterRestart;
    private static int httpPort;
    private static java.net.http.HttpResponse<String> consolePage;

    @BeforeAll
    static void run_kill_and_restart() throws Exception {
        dataDir = directory.resolve("data");
        simulator = Simulator.start(simulatorConfig(), 0);
        Path registry = registry();
        Path config = Files.writeString(directory.resolve("standalone.conf"), String.join("\n",
                "platform.base-url = http://127.0.0.1:" + simulator.port() + "/{region}",
                "orchestrator.scheduler.tick = PT1S",
                "orchestrator.relay.poll-interval = PT0.2S",
                "orchestrator.sweeper.interval = PT1S",
                // Far longer than the test: the restart must not wait for the killed process's leases.
                "worker.lease = PT10M",
                "worker.heartbeat = PT3S",
                "worker.job-poll-interval = PT0.2S",
                "worker.concurrency = 3",
                "worker.shutdown-grace = PT5S",
                "console.read-only-without-auth = true",
                "kafka.partitions = 4", ""));
        httpPort = freePort();
        String[] args = {"standalone", "--registry", registry.toString(), "--data-dir", dataDir.toString(),
                "--config", config.toString(), "--http-port", String.valueOf(httpPort)};

        standalone = StandaloneProcess.start(directory.resolve("first.out"), args).awaitRunning(180);
        // Windows settled at once, whatever the minute: their end plus the default settle margin (1 h) is
        // before the simulator's availability date (now minus 5 min), with 5 min to spare.
        to = Instant.now().minus(Duration.ofMinutes(70)).truncatedTo(ChronoUnit.HOURS);
        from = to.minus(Duration.ofHours(HOURS));
        for (String org : List.of("east", "emea", "broken")) {
            for (ExportKind kind : ExportKind.values()) {
                CliRun.Result backfill = CliRun.run("backfill", "--config", operatorConfig().toString(), "--org", org,
                        "--kind", kind.wireName(), "--from", from.toString(), "--to", to.toString());
                assertThat(backfill.exitCode()).as(backfill.printed()).isZero();
            }
        }

        // Kill in the middle: some windows exported, some in flight.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            List<RunRow> runs = EndToEndEvidence.runs(dataSource());
            long succeeded = runs.stream().filter(r -> r.state().equals("SUCCEEDED")).count();
            long running = runs.stream().filter(r -> r.state().equals("RUNNING")).count();
            if (succeeded >= 3 && running >= 1) {
                break;
            }
            Thread.sleep(100);
        }
        standalone.kill9();
        firstOutput = standalone.printed();
        List<RunRow> atKill = EndToEndEvidence.runs(dataSource()); // the killed process's PostgreSQL still answers
        succeededBeforeKill = atKill.stream().filter(r -> r.state().equals("SUCCEEDED"))
                .collect(Collectors.toMap(RunRow::runId, RunRow::sha256));
        runningAtKill = atKill.stream().filter(r -> r.state().equals("RUNNING")).count();
        filesBeforeKill = new HashMap<>();
        for (Path file : EndToEndEvidence.filesUnder(dataDir.resolve("exports"))) {
            filesBeforeKill.put(file, Files.getLastModifiedTime(file).toMillis());
        }

        long restarted = System.nanoTime();
        standalone = StandaloneProcess.start(directory.resolve("second.out"), args).awaitRunning(180);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline
                && (healthyWindowsSucceeded() < HEALTHY.size() * 3L * HOURS || brokenFailuresAudited() == 0)) {
            Thread.sleep(500);
        }
        finishedAfterRestart = Duration.ofNanos(System.nanoTime() - restarted);
        finalRuns = EndToEndEvidence.runs(dataSource());
        secondOutput = standalone.printed();
        consolePage = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + httpPort + "/console/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (standalone != null) {
            standalone.stop();
        }
        if (dataDir != null) {
            // A failure between the kill and the restart would leave the killed process's PostgreSQL running.
            PersistentPostgres.stopOrphan(dataDir.resolve("postgres"));
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void the_process_was_killed_while_windows_were_in_flight_and_after_some_were_exported() {
        System.out.printf("standalone restart: %d windows succeeded and %d were running at the kill%n",
                succeededBeforeKill.size(), runningAtKill);
        assertThat(succeededBeforeKill).as(firstOutput).isNotEmpty();
        assertThat(firstOutput).contains("console: http://127.0.0.1:", "/console/", "log lines: ")
                .doesNotContain(" INFO ", " WARN ");
        assertThat(secondOutput).as("the restart found the registry unchanged").contains("unchanged: 3 orgs");
    }

    @Test
    void the_restart_ended_the_leases_the_killed_process_left_instead_of_waiting_them_out() throws Exception {
        String log = Files.readString(dataDir.resolve("logs").resolve("orgexport.log"));
        assertThat(log).as("the restarted worker, under the same id, ends its predecessor's leases")
                .containsPattern("worker standalone-\\S+: " + runningAtKill + " runs were still leased to this worker id");
        assertThat(finishedAfterRestart).as("every window done well within worker.lease (10 min)")
                .isLessThan(Duration.ofMinutes(5));
        assertThat(Files.readString(operatorConfig())).as("a worker started with operator.conf gets an id of its own")
                .doesNotContain("worker.id");
    }

    @Test
    void after_the_restart_every_window_of_the_healthy_orgs_is_exported_and_matches_the_simulator() throws Exception {
        List<RunRow> healthy = finalRuns.stream().filter(r -> HEALTHY.contains(r.window().orgId())
                && !r.window().start().isBefore(from) && r.window().start().isBefore(to)).toList();
        assertThat(healthy).as(secondOutput).hasSize(HEALTHY.size() * 3 * HOURS)
                .allSatisfy(r -> assertThat(r.state()).as(r.window().toString()).isEqualTo("SUCCEEDED"));
        for (RunRow run : healthy) {
            Truth truth = simulator.truth(run.window().orgId(), run.window().kind(), run.window().start(), run.window().end());
            FileFacts file = EndToEndEvidence.read(Path.of(run.location()));
            assertThat(file.records()).as(run.window().toString()).isEqualTo(truth.records()).isEqualTo(run.records());
            assertThat(file.sha256()).as(run.window().toString()).isEqualTo(truth.sha256()).isEqualTo(run.sha256());
        }
    }

    @Test
    void the_restarted_standalone_serves_the_web_console_on_its_http_port() {
        assertThat(consolePage.statusCode()).as(consolePage.body()).isEqualTo(200);
        assertThat(consolePage.body()).contains("broken", "east", "emea");
        assertThat(secondOutput).contains("console: http://127.0.0.1:" + httpPort + "/console/");
    }

    @Test
    void no_window_was_exported_twice() throws Exception {
        List<Path> files = EndToEndEvidence.filesUnder(dataDir.resolve("exports"));
        Set<Path> recorded = finalRuns.stream().filter(r -> r.state().equals("SUCCEEDED"))
                .map(r -> Path.of(r.location()).toAbsolutePath().normalize()).collect(Collectors.toSet());
        assertThat(files.stream().filter(f -> f.toString().endsWith(".ndjson.gz")).map(f -> f.toAbsolutePath().normalize()))
                .as("one file per succeeded run, no other export file").containsExactlyInAnyOrderElementsOf(recorded);

        for (Map.Entry<UUID, String> before : succeededBeforeKill.entrySet()) {
            RunRow after = finalRuns.stream().filter(r -> r.runId().equals(before.getKey())).findFirst().orElseThrow();
            assertThat(after.state()).isEqualTo("SUCCEEDED");
            assertThat(after.sha256()).isEqualTo(before.getValue());
        }
        for (Map.Entry<Path, Long> file : filesBeforeKill.entrySet()) {
            if (file.getKey().toString().endsWith(".ndjson.gz")) {
                assertThat(Files.getLastModifiedTime(file.getKey()).toMillis()).as("%s was not written again", file.getKey())
                        .isEqualTo(file.getValue());
            }
        }

        long windows = HEALTHY.size() * 3L * HOURS;
        long submits = 0;
        for (String org : HEALTHY) {
            for (Endpoint submit : List.of(Endpoint.CONVERSATION_JOB_SUBMIT, Endpoint.USER_JOB_SUBMIT, Endpoint.AUDIT_QUERY_SUBMIT)) {
                submits += simulator.stats().counts(org + "-client", submit).requests();
            }
        }
        System.out.printf("standalone restart: %d export jobs submitted for %d windows (%d were running at the kill)%n",
                submits, windows, runningAtKill);
        assertThat(submits).as("a run that resumes polls its stored platform job instead of submitting again; "
                + "only a run killed between submitting and storing the job id submits twice")
                .isBetween(windows, windows + runningAtKill);
    }

    @Test
    void the_broken_org_exported_nothing_and_its_failure_is_in_the_audit_trail() throws Exception {
        assertThat(finalRuns.stream().filter(r -> r.window().orgId().equals("broken")))
                .isNotEmpty().allSatisfy(r -> assertThat(r.state()).isNotEqualTo("SUCCEEDED"));
        assertThat(Files.exists(dataDir.resolve("exports").resolve("broken"))).isFalse();
        assertThat(brokenFailuresAudited()).isPositive();
    }

    private static long brokenFailuresAudited() throws SQLException {
        try (Connection connection = dataSource().getConnection();
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM audit_event WHERE org_id = 'broken' "
                     + "AND failure_kind = 'CREDENTIALS_REJECTED'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void the_log_lines_of_both_runs_went_to_the_log_file_in_the_data_directory() throws IOException {
        String log = Files.readString(dataDir.resolve("logs").resolve("orgexport.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("CREDENTIALS_REJECTED", "still runs on " + dataDir.resolve("postgres"));
    }

    private static long healthyWindowsSucceeded() throws SQLException {
        return EndToEndEvidence.runs(dataSource()).stream().filter(r -> HEALTHY.contains(r.window().orgId())
                && !r.window().start().isBefore(from) && r.window().start().isBefore(to)
                && r.state().equals("SUCCEEDED")).count();
    }

    private static SimulatorConfig simulatorConfig() throws IOException {
        SimulatorConfig.Builder builder = SimulatorConfig.builder()
                .jobs(new JobTimings(Duration.ofMillis(800), Duration.ofMillis(1200), Duration.ofHours(1)));
        builder.org("east", "East", "us-east-1")
                .client(Client.of("east-client", SecretFiles.writeRandom(directory.resolve("east.secret")), "east"));
        builder.org("emea", "EMEA", "eu-central-1")
                .client(Client.of("emea-client", SecretFiles.writeRandom(directory.resolve("emea.secret")), "emea"));
        builder.org("broken", "Broken", "us-west-2")
                .client(Client.of("broken-client", SecretFiles.writeRandom(directory.resolve("broken.secret")), "broken"));
        return builder.build();
    }

    /** east in us-east-1, emea in eu-central-1, broken configured for us-east-1 (its client is in us-west-2). */
    private static Path registry() throws IOException {
        StringBuilder yaml = new StringBuilder("orgs:\n");
        for (String[] org : List.of(new String[] {"east", "us-east-1"}, new String[] {"emea", "eu-central-1"},
                new String[] {"broken", "us-east-1"})) {
            yaml.append("  - id: ").append(org[0]).append("\n    name: ").append(org[0])
                    .append("\n    region: ").append(org[1]).append("\n    clientId: ").append(org[0]).append("-client")
                    .append("\n    secret: file:").append(directory.resolve(org[0] + ".secret")).append("\n    exports:\n");
            for (ExportKind kind : ExportKind.values()) {
                yaml.append("      - kind: ").append(kind.wireName()).append("\n        every: PT1H\n");
            }
        }
        return Files.writeString(directory.resolve("orgs.yaml"), yaml);
    }

    private static Path operatorConfig() {
        return dataDir.resolve("operator.conf");
    }

    /** The embedded PostgreSQL of the running standalone, as its operator.conf names it (the port changes per start). */
    private static DataSource dataSource() {
        try {
            String url = Files.readAllLines(operatorConfig()).stream().filter(l -> l.startsWith("database.url = "))
                    .map(l -> l.substring("database.url = ".length())).findFirst().orElseThrow();
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setUser("postgres");
            return dataSource;
        } catch (IOException e) {
            String listing;
            try (var files = Files.list(dataDir)) {
                listing = files.map(Path::toString).collect(Collectors.joining(", "));
            } catch (IOException notEven) {
                listing = "(cannot list: " + notEven + ")";
            }
            String printed;
            try {
                printed = standalone == null ? "" : standalone.printed();
            } catch (IOException notEven) {
                printed = "(no output)";
            }
            throw new AssertionError("no operator.conf in " + dataDir + " [" + listing + "]; standalone printed:\n" + printed, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
