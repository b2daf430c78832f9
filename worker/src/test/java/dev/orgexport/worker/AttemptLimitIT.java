package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.schema.event.ExportFailed;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 (M8): a run whose worker dies in every attempt must not be taken over forever. The run
 * here has used up its attempts in attempts that never recorded an outcome (RUNNING, lease
 * expired, as a killed worker leaves it); the takeover's claim counts one more, and the worker
 * fails it for good before any platform call, with an audit row and an {@code export.failed}
 * event in the outbox, written with the outcome.
 */
class AttemptLimitIT {

    private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");

    @Test
    void a_takeover_past_the_attempt_limit_fails_the_run_with_an_audit_row_and_an_event() {
        try (WorkerStage stage = WorkerStage.open("attempts", SimulatorConfig.builder()
                        .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(20), Duration.ofHours(1)))
                        .data(new SimulatorConfig.DataSizing(1, 4, 2, Duration.ZERO)),
                List.of(StageOrg.healthy("org-a", "us-east-1")))) {
            stage.startWorker(stage.workerConfig("worker-limit").retry(new RetryPolicy(3, Duration.ofDays(2),
                    Duration.ofMillis(10), Duration.ofSeconds(1), 2.0, 0.0)).build());
            TimeWindow window = new TimeWindow(T, T.plus(Duration.ofHours(1)));
            Run run = stage.run(stage.createRun("org-a", ExportKind.USER_DETAILS, window).runId());
            stage.execute("UPDATE export_run SET state = 'RUNNING', attempt = 3, lease_owner = 'worker-dead', "
                    + "lease_expires_at = now() - interval '1 second' WHERE run_id = '" + run.runId() + "'");
            stage.publish(ExportTask.of(run.runId(), "org-a", ExportKind.USER_DETAILS, window, 3, Instant.now(), "t"));

            Await.until(Duration.ofSeconds(30), () -> "run " + stage.run(run.runId()).state(),
                    () -> stage.run(run.runId()).state() == RunState.FAILED);

            Run failed = stage.run(run.runId());
            assertThat(failed.attempt()).isEqualTo(4);
            assertThat(failed.lastFailureKind()).isEqualTo("ATTEMPTS_EXHAUSTED");
            assertThat(stage.query("SELECT count(*) FROM audit_event WHERE action = 'FailRun' AND run_id = '"
                    + run.runId() + "' AND failure_kind = 'ATTEMPTS_EXHAUSTED'")).isEqualTo("1");
            List<ExportEvent> events = stage.events();
            assertThat(events).singleElement().isInstanceOfSatisfying(ExportFailed.class, event -> {
                assertThat(event.runId()).isEqualTo(run.runId());
                assertThat(event.attempt()).isEqualTo(4);
                assertThat(event.failureKind()).isEqualTo("ATTEMPTS_EXHAUSTED");
            });
        }
    }
}
