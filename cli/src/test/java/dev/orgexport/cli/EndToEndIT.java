package dev.orgexport.cli;

import static dev.orgexport.cli.EndToEndScenario.ORGS;
import static dev.orgexport.cli.EndToEndScenario.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.orgexport.cli.EndToEndEvidence.FileFacts;
import dev.orgexport.cli.EndToEndEvidence.RunRow;
import dev.orgexport.cli.EndToEndEvidence.Window;
import dev.orgexport.cli.EndToEndScenario.Org;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.OrchestratorBinding;
import dev.orgexport.cli.process.StartedResources;
import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.orchestrator.Orchestrator;
import dev.orgexport.orchestrator.registry.ApplyResult;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.event.EventCodec;
import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.schema.event.ExportSucceeded;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorStats;
import dev.orgexport.simulator.Truth;
import dev.orgexport.worker.KafkaSettings;
import dev.orgexport.worker.Worker;
import dev.orgexport.worker.WorkerConfig;
import dev.orgexport.worker.WorkerEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, "end to end with the worker and the simulator": a registry of five orgs in five
 * regions is applied, the one shared clock is moved three hours forward in steps of 15 minutes,
 * and every window the schedules owe must be exported exactly once, its file equal to the
 * simulator's truth. All real: an in-process Kafka broker of its own (the orchestrator's topics
 * are fixed, so a shared broker would mix this test's tasks with other tests'), a fresh
 * PostgreSQL database, the simulator over HTTP, the orchestrator's three loops and two workers.
 *
 * <p>The clock follows real time from each step's instant (see {@link EndToEndClock}). After
 * each step the test waits until the system is at rest (no run queued, running or due for a
 * retry, no unpublished task) before moving again, so no lease ever spans a jump of the clock.
 * Exports with no {@code lag} meet the platform's data availability lag (2 min in the simulator,
 * 1 min for audit queries), so their windows that end on a step are postponed by the worker and
 * re-queued by the sweeper: the test checks that wait too. The clock starts at
 * {@value #DEFAULT_START}, or at {@code -Dorgexport.e2e.start=<an hour boundary>}.
 */
class EndToEndIT {

    static final String DEFAULT_START = "2024-05-01T00:00:00Z";
    /** Past the 3 hours, long enough for the postponed last windows, too short for a new window. */
    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final int WORKERS = 2;

    @TempDir
    Path directory;

    private final StartedResources started = new StartedResources("the test's processes");

    @Test
    void five_orgs_over_three_simulated_hours_get_every_window_exported_once_as_the_simulator_says() throws Exception {
        long began = System.nanoTime();
        EndToEndScenario scenario = new EndToEndScenario(directory,
                Instant.parse(System.getProperty("orgexport.e2e.start", DEFAULT_START)));
        Instant threeHours = scenario.step(STEPS);

        EmbeddedKafka kafka = remember(EmbeddedKafka.inTemporaryDirectory().start());
        kafka.createTopic(ExportTask.TOPIC, 4);
        kafka.createTopic(KafkaSettings.DEFAULT_DLQ_TOPIC, 1);
        kafka.createTopic(KafkaSettings.DEFAULT_EVENTS_TOPIC, 1);
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("e2e");
        DataSource db = remember(Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password())
                .withMaxPoolSize(20))).dataSource();
        EndToEndClock clock = new EndToEndClock(scenario.start());
        Simulator simulator = remember(Simulator.start(scenario.simulatorConfig(), 0, clock));
        System.out.printf("EndToEndIT: clock starts at %s (replay with -Dorgexport.e2e.start=%s), simulator fault seed %d, "
                + "%d orgs x %d exports%n", scenario.start(), scenario.start(), simulator.config().faults().seed(),
                ORGS.size(), EndToEndScenario.EXPORTS.size());

        ApplyResult applied = new OrgRegistry(db, clock, RegionCatalog.builtIn(), RegistryConfig.defaults())
                .apply(scenario.registryFile(), false);
        assertThat(applied.valid()).as(applied.render()).isTrue();
        assertThat(applied.diff().added()).as(applied.render()).hasSize(ORGS.size());

        Orchestrator orchestrator = remember(Orchestrator.create(db, OrchestratorBinding.config(Configuration.of(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "orchestrator.instance-id", "e2e-orchestrator",
                "orchestrator.scheduler.tick", "PT0.2S",
                "orchestrator.relay.poll-interval", "PT0.05S",
                "orchestrator.sweeper.interval", "PT0.2S",
                // The clock jumps hours ahead: a task waiting in Kafka across a jump is not stranded.
                "orchestrator.sweeper.stranded-after", "P30D"), "EndToEndIT"), Map.of()), clock, new SimpleMeterRegistry()));
        orchestrator.start();
        Path outputRoot = directory.resolve("exports");
        List<Worker> workers = startWorkers(kafka.bootstrapServers(), simulator.port(), db, clock, outputRoot);

        for (int step = 1; step <= STEPS; step++) {
            Instant at = scenario.step(step);
            clock.advanceTo(at);
            awaitRest(orchestrator, db, clock, at);
            assertThat(byWindow(EndToEndEvidence.runs(db)).keySet()).as("runs at %s: exactly the windows due by then", at)
                    .containsExactlyInAnyOrderElementsOf(scenario.windowsDueBy(at));
        }

        // At three hours, the windows that just ended wait for the platform's data, exactly as long as it trails.
        List<Window> expected = scenario.windowsDueBy(threeHours);
        byWindow(EndToEndEvidence.runs(db)).forEach((window, run) -> {
            if (scenario.postponed(window) && window.end().equals(threeHours)) {
                assertThat(run.state()).as("%s at three hours", window).isEqualTo("RETRY_WAIT");
                assertThat(run.lastFailureKind()).as("%s", window).isEqualTo("DATA_NOT_AVAILABLE");
                assertThat(run.nextAttemptAt()).as("%s waits until its data is available", window)
                        .isBetween(scenario.availableAt(window), scenario.availableAt(window).plusSeconds(30));
            } else {
                assertThat(run.state()).as("%s at three hours", window).isEqualTo("SUCCEEDED");
            }
        });

        Instant settled = threeHours.plus(SETTLE);
        clock.advanceTo(settled);
        awaitRest(orchestrator, db, clock, settled);
        assertThat(scenario.windowsDueBy(settled)).as("no window becomes due in the %s after three hours", SETTLE)
                .hasSameSizeAs(expected);
        for (Worker worker : workers) {
            worker.close(); // everything at rest: flushes the events, so the topic can be read to its end
        }
        orchestrator.stop();
        assertThat(orchestrator.status().loopFailures()).as("failed rounds of the orchestrator's loops").isZero();

        List<RunRow> runs = EndToEndEvidence.runs(db);
        Figures figures = verifyRunsAndFiles(runs, expected, scenario, simulator, outputRoot);
        SimulatorStats stats = simulator.stats();
        verifyPlatformCalls(stats, expected);
        verifyKafka(kafka.bootstrapServers(), runs);
        assertThat(EndToEndEvidence.troubleAuditRows(db)).as("audit rows of failures and warnings").isEmpty();

        System.out.printf("EndToEndIT: %s to %s in %d steps: %d runs (%s), %d postponed for data availability, "
                        + "%d tasks published, %d records, %d bytes uncompressed, %d platform API requests, "
                        + "%d token requests; %.1f s%n",
                scenario.start(), settled, STEPS + 1, runs.size(), perKind(expected), figures.postponed(),
                figures.tasks(), figures.records(), figures.bytes(),
                stats.asMap().keySet().stream().mapToLong(stats::apiRequests).sum(),
                ORGS.stream().mapToLong(o -> stats.tokenRequests(o.clientId())).sum(), (System.nanoTime() - began) / 1e9);
    }

    /** Totals printed at the end. */
    record Figures(int postponed, long tasks, long records, long bytes) {
    }

    private static Figures verifyRunsAndFiles(List<RunRow> runs, List<Window> expected, EndToEndScenario scenario,
                                              Simulator simulator, Path outputRoot) throws Exception {
        assertThat(runs).as("one run per window, none extra").hasSize(expected.size());
        Map<Window, RunRow> byWindow = byWindow(runs);
        assertThat(byWindow.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        int postponed = 0;
        long tasks = 0;
        long records = 0;
        long bytes = 0;
        for (Window window : expected) {
            RunRow run = byWindow.get(window);
            boolean waited = scenario.postponed(window);
            assertThat(run.state()).as("state of %s", window).isEqualTo("SUCCEEDED");
            // A wait for data is no attempt. A second attempt happens only after a transient failure
            // (a timeout on a loaded machine): allowed, since exactly-once is about the run, its one
            // platform job (checked below) and its one file, not about how often it was tried.
            assertThat(run.attempt()).as("attempts of %s", window).isPositive();
            if (run.attempt() > 1) {
                System.out.printf("EndToEndIT: %s took %d attempts, last failure %s%n", window, run.attempt(),
                        run.lastFailureKind());
            } else {
                assertThat(run.tasks()).as("tasks of %s: one, plus one after its wait for data", window)
                        .isEqualTo(waited ? 2 : 1);
                assertThat(run.lastFailureKind()).as("last failure of %s", window)
                        .isEqualTo(waited ? "DATA_NOT_AVAILABLE" : null);
            }
            Path file = window.file(outputRoot);
            assertThat(Path.of(run.location())).as("file of %s", window).isEqualTo(file);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("mode of %s", file)
                    .isEqualTo("rw-r-----");
            FileFacts onDisk = EndToEndEvidence.read(file);
            Truth truth = simulator.truth(window.orgId(), window.kind(), window.start(), window.end());
            assertThat(onDisk.records()).as("records in %s", file).isEqualTo(truth.records()).isEqualTo(run.records());
            assertThat(onDisk.sha256()).as("SHA-256 of %s uncompressed", file).isEqualTo(truth.sha256())
                    .isEqualTo(run.sha256());
            assertThat(onDisk.bytes()).as("bytes of %s uncompressed", file).isEqualTo(run.bytes());
            postponed += waited ? 1 : 0;
            tasks += run.tasks();
            records += onDisk.records();
            bytes += onDisk.bytes();
        }
        assertThat(EndToEndEvidence.filesUnder(outputRoot)).as("files under the output root: one per window, nothing else")
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(w -> w.file(outputRoot)).toList());
        assertThat(records).as("the windows must hold data, or the comparison proves little").isPositive();
        return new Figures(postponed, tasks, records, bytes);
    }

    /** One platform job per run (no duplicate submission), one token per org and worker at most, no error. */
    private static void verifyPlatformCalls(SimulatorStats stats, List<Window> expected) {
        Map<Endpoint, ExportKind> submits = Map.of(Endpoint.CONVERSATION_JOB_SUBMIT, ExportKind.CONVERSATION_DETAILS,
                Endpoint.USER_JOB_SUBMIT, ExportKind.USER_DETAILS, Endpoint.AUDIT_QUERY_SUBMIT, ExportKind.AUDIT_EVENTS);
        for (Org org : ORGS) {
            submits.forEach((endpoint, kind) -> assertThat(stats.apiRequests(org.clientId(), endpoint))
                    .as("%s jobs submitted for %s", kind, org.id())
                    .isEqualTo(expected.stream().filter(w -> w.orgId().equals(org.id()) && w.kind() == kind).count()));
            assertThat(stats.tokenRequests(org.clientId())).as("token requests of %s", org.id()).isBetween(1L, (long) WORKERS);
            assertThat(List.of(stats.tooManyRequests(org.clientId()), stats.unauthorized(org.clientId()),
                    stats.forbidden(org.clientId()), stats.serverErrors(org.clientId())))
                    .as("429, 401, 403 and 5xx answers to %s: %s", org.id(), stats).containsOnly(0L);
        }
    }

    /** One export.succeeded per run, saying what the run row says; no task dead-lettered. */
    private static void verifyKafka(String bootstrapServers, List<RunRow> runs) {
        EventCodec codec = new EventCodec();
        List<ExportEvent> events = EndToEndEvidence.topicValues(bootstrapServers, KafkaSettings.DEFAULT_EVENTS_TOPIC)
                .stream().map(codec::read).toList();
        assertThat(events).as("events").allMatch(ExportSucceeded.class::isInstance);
        Map<UUID, List<ExportSucceeded>> byRun = events.stream().map(ExportSucceeded.class::cast)
                .collect(Collectors.groupingBy(ExportSucceeded::runId));
        assertThat(byRun.keySet()).containsExactlyInAnyOrderElementsOf(runs.stream().map(RunRow::runId).toList());
        for (RunRow run : runs) {
            List<ExportSucceeded> mine = byRun.get(run.runId());
            assertThat(mine).as("export.succeeded events of %s", run.window()).hasSize(1);
            ExportSucceeded event = mine.get(0);
            assertThat(List.of(event.location(), event.records(), event.bytes(), event.sha256()))
                    .as("event of %s", run.window()).containsExactly(run.location(), run.records(), run.bytes(), run.sha256());
        }
        assertThat(EndToEndEvidence.topicValues(bootstrapServers, KafkaSettings.DEFAULT_DLQ_TOPIC)).as("dead letters").isEmpty();
    }

    /**
     * Waits until the scheduler has ticked at {@code at} or later and nothing is left to do:
     * no run queued, running or due for a retry, no unpublished task. Fails at once on a run
     * that FAILED or was CANCELLED.
     */
    private static void awaitRest(Orchestrator orchestrator, DataSource db, EndToEndClock clock, Instant at)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            Instant lastTick = orchestrator.status().lastTickAt();
            EndToEndEvidence.Activity activity = EndToEndEvidence.activity(db, clock.instant());
            if (activity.broken() > 0) {
                fail("runs failed or were cancelled after the step to %s: %s", at, EndToEndEvidence.runs(db).stream()
                        .filter(r -> r.state().equals("FAILED") || r.state().equals("CANCELLED")).toList());
            }
            if (lastTick != null && !lastTick.isBefore(at) && activity.busy() == 0 && activity.unpublished() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("not at rest 40 s after the step to %s (clock %s): last tick %s, %s; runs %s", at, clock.instant(),
                        lastTick, activity,
                        EndToEndEvidence.runs(db).stream().filter(r -> !r.state().equals("SUCCEEDED")).toList());
            }
            Thread.sleep(50);
        }
    }

    private static Map<Window, RunRow> byWindow(List<RunRow> runs) {
        return runs.stream().collect(Collectors.toMap(RunRow::window, Function.identity()));
    }

    private static String perKind(List<Window> windows) {
        return windows.stream().collect(Collectors.groupingBy(w -> w.kind().wireName(), Collectors.counting())).toString();
    }

    private List<Worker> startWorkers(String bootstrapServers, int simulatorPort, DataSource db, EndToEndClock clock,
                                      Path outputRoot) {
        PlatformSettings platform = EndToEndWorkers.platform(simulatorPort);
        List<Worker> workers = new ArrayList<>();
        for (int i = 1; i <= WORKERS; i++) {
            WorkerConfig config = EndToEndWorkers.config("e2e-worker-" + i, bootstrapServers, outputRoot)
                    .pageSize(10)
                    .availabilityRecheck(Duration.ofSeconds(30))
                    // This test is about scheduling; its simulator data is final at once (SettlingIT covers settling).
                    .settleMargin(Duration.ZERO)
                    .build();
            workers.add(remember(Worker.start(config, WorkerEnvironment.of(db, platform, SecretResolver.system())
                    .withClock(clock))));
        }
        return workers;
    }

    private <T extends AutoCloseable> T remember(T resource) {
        return started.remember(resource);
    }

    @AfterEach
    void stopEverything() throws Exception {
        started.close();
    }
}
