package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunFailure;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.Truth;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on the simulator's realistic defaults: jobs take 3 to 9 s, data is live (a job sees
 * conversations still in progress without {@code conversationEnd}, records land up to 5 min
 * late, {@code dataAvailabilityDate} trails the clock by 5 min), and the worker's default settle
 * margin (1 h). Half-hour windows of the last three hours are enqueued at once: the settled ones
 * are exported and equal the truth; the others wait without a job, although the simulator would
 * already hand out (different, incomplete) data for them. Then the one clock of simulator and
 * worker jumps 70 minutes (at rest, so no lease spans the jump), the waiting runs are queued again
 * (the sweeper's job) and exported, and they too equal the truth of the settled data.
 */
class SettlingIT {

    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static final Duration MARGIN = WorkerConfig.Paging.DEFAULT.settleMargin();
    private static final Duration LAG = SimulatorConfig.DataSizing.DEFAULT.availabilityLag();
    private static final Duration JUST_ENDED = Duration.ofSeconds(20);
    private static final List<String> ORGS = List.of("settle-use1", "settle-euw1");

    private static final OffsetClock clock = new OffsetClock();
    private static WorkerStage stage;

    @BeforeAll
    static void start() {
        stage = WorkerStage.open("settling", SimulatorConfig.builder()
                        .jobs(SimulatorConfig.JobTimings.DEFAULT)
                        .data(SimulatorConfig.DataSizing.DEFAULT),
                List.of(StageOrg.healthy("settle-use1", "us-east-1"), StageOrg.healthy("settle-euw1", "eu-west-1")),
                false, clock);
        stage.startWorker(stage.workerConfig("worker-settling").jobPollInterval(Duration.ofMillis(500)).build(),
                stage.environment());
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void every_window_is_exported_only_once_settled_and_then_equals_the_truth() {
        // Start just after a half-hour boundary, so the newest window has only just ended and its
        // data is still live whatever the time of day the test runs at (later in the half hour, a
        // window with few records can already look final, though the worker must not trust it).
        Instant boundary = clock.instant().truncatedTo(ChronoUnit.HOURS);
        while (!boundary.isAfter(clock.instant())) {
            boundary = boundary.plus(WINDOW);
        }
        clock.advance(Duration.between(clock.instant(), boundary.plus(JUST_ENDED)));
        Instant phaseOne = clock.instant();
        Instant newestEnd = boundary;
        Map<UUID, ExportTask> tasks = new HashMap<>();
        for (String org : ORGS) {
            for (ExportKind kind : List.of(ExportKind.CONVERSATION_DETAILS, ExportKind.AUDIT_EVENTS)) {
                for (Instant end = newestEnd.minus(Duration.ofHours(3)).plus(WINDOW); !end.isAfter(newestEnd); end = end.plus(WINDOW)) {
                    ExportTask task = stage.enqueue(org, kind, new TimeWindow(end.minus(WINDOW), end));
                    tasks.put(task.runId(), task);
                }
            }
        }

        awaitRest(tasks.keySet());
        List<ExportTask> waiting = new ArrayList<>();
        int exportedFirst = 0;
        for (ExportTask task : tasks.values()) {
            Run run = stage.run(task.runId());
            boolean settled = !settledAt(task).isAfter(phaseOne);
            if (settled) {
                assertThat(run.state()).as("%s settled before the test began", task.window()).isEqualTo(RunState.SUCCEEDED);
                stage.assertFileMatchesTruth(run);
                exportedFirst++;
            } else {
                assertThat(run.state()).as("%s not settled yet", task.window()).isEqualTo(RunState.RETRY_WAIT);
                assertThat(run.lastFailureKind()).isEqualTo(RunFailure.DATA_NOT_AVAILABLE);
                assertThat(run.platformJobId()).isNull();
                assertThat(run.attempt()).isZero();
                assertThat(run.result()).as("no file for %s", task.window()).isNull();
                waiting.add(task);
            }
        }
        assertThat(exportedFirst).isPositive();
        assertThat(waiting).isNotEmpty();
        // Exporting the newest windows now would be wrong: the platform's data for them is not final yet.
        Instant now = clock.instant();
        List<ExportTask> newest = waiting.stream().filter(t -> t.window().end().equals(newestEnd)).toList();
        assertThat(newest).hasSize(ORGS.size() * 2);
        assertThat(newest).as("the newest windows' data as the platform hands it out at %s", now)
                .anyMatch(task -> !seenAt(task, now).equals(truth(task)));

        clock.advance(Duration.between(phaseOne, newestEnd.plus(MARGIN).plus(LAG)).plus(Duration.ofMinutes(2)));
        Instant phaseTwo = clock.instant();
        for (ExportTask task : waiting) {
            stage.execute("UPDATE export_run SET state = 'QUEUED', next_attempt_at = NULL WHERE run_id = '" + task.runId() + "'");
            stage.publish(task);
        }
        awaitRest(tasks.keySet());

        for (ExportTask task : waiting) {
            assertThat(settledAt(task)).isBeforeOrEqualTo(phaseTwo);
            Run run = stage.run(task.runId());
            assertThat(run.state()).as("%s after it settled", task.window()).isEqualTo(RunState.SUCCEEDED);
            stage.assertFileMatchesTruth(run);
        }
        System.out.printf("SettlingIT: %d windows, %d exported at once, %d after settling (clock moved %s)%n",
                tasks.size(), exportedFirst, waiting.size(), Duration.between(phaseOne, phaseTwo));
    }

    private static Truth seenAt(ExportTask task, Instant asOf) {
        return stage.simulator().seenAt(task.orgId(), task.kind(), task.window().start(), task.window().end(), asOf);
    }

    private static Truth truth(ExportTask task) {
        return stage.simulator().truth(task.orgId(), task.kind(), task.window().start(), task.window().end());
    }

    /** When the window's data is final for the worker: end + settle margin before the availability date (clock - lag). */
    private static Instant settledAt(ExportTask task) {
        Duration lag = task.kind() == ExportKind.AUDIT_EVENTS
                ? dev.orgexport.platform.gateway.PlatformSettings.DEFAULT_AUDIT_AVAILABILITY_LAG : LAG;
        return task.window().end().plus(MARGIN).plus(lag);
    }

    private static void awaitRest(Iterable<UUID> runIds) {
        Await.until(Duration.ofSeconds(90), () -> stage.runs().toString(), () -> {
            for (UUID id : runIds) {
                RunState state = stage.run(id).state();
                if (state != RunState.SUCCEEDED && state != RunState.RETRY_WAIT) {
                    return false;
                }
            }
            return true;
        });
    }
}
