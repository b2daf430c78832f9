package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.org.OrgControlLog;
import dev.orgexport.schema.run.PostgresRunQueueStore;
import dev.orgexport.schema.run.RequeuedRun;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TaskCodec;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: {@code orgs release} must take effect on every worker within seconds. An org is
 * configured in the wrong region; its runs fail on two workers, whose breakers open for the
 * credential wait (5 min). The operator fixes the region and releases the org: the release's
 * writes (quarantine cleared, {@code org_control} row, waiting runs due) and the sweeper's
 * re-queue go through the same store methods the orchestrator uses; the runs must then succeed
 * within 15 s, which only happens when each worker closed its own breaker.
 */
class ReleaseAcrossWorkersIT {

    private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");
    private static final int RUNS = 6;

    @Test
    void release_after_fixing_a_wrong_region_lets_the_waiting_runs_succeed_on_every_worker_within_15_s() throws Exception {
        StageOrg moved = new StageOrg("org-moved", "eu-west-1", "us-east-1", "client-moved", "secret-moved-1");
        try (WorkerStage stage = WorkerStage.open("release", SimulatorConfig.builder()
                        .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(20), Duration.ofHours(1)))
                        .data(new SimulatorConfig.DataSizing(1, 4, 2, Duration.ZERO)),
                List.of(moved))) {
            stage.startWorker(stage.workerConfig("worker-r1").controlPoll(Duration.ofMillis(500)).build());
            stage.startWorker(stage.workerConfig("worker-r2").controlPoll(Duration.ofMillis(500)).build());
            List<UUID> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                TimeWindow window = new TimeWindow(T.plus(Duration.ofHours(i)), T.plus(Duration.ofHours(i + 1)));
                runs.add(stage.createRun("org-moved", ExportKind.USER_DETAILS, window).runId());
            }
            publishSpread(stage, runs);
            // The worker that tried first failed on the wrong region and opened its breaker (5 min) and
            // the org's quarantine; the other worker's runs saw the quarantine and waited too.
            Await.until(Duration.ofSeconds(60), () -> "runs " + states(stage, runs),
                    () -> runs.stream().allMatch(id -> stage.run(id).state() == RunState.RETRY_WAIT)
                            && Long.parseLong(stage.query("SELECT count(*) FROM audit_event "
                            + "WHERE org_id = 'org-moved' AND action = 'Authenticate'")) > 0);
            assertThat(stage.run(runs.get(0)).nextAttemptAt()).isAfter(Instant.now().plus(Duration.ofMinutes(3)));

            // The operator fixes the region and releases the org.
            stage.execute("UPDATE org SET region = 'eu-west-1' WHERE id = 'org-moved'");
            Instant released = Instant.now();
            release(stage, "org-moved", released);
            List<RequeuedRun> requeued = sweep(stage, released);
            assertThat(requeued).hasSize(RUNS);
            publishSpread(stage, requeued.stream().map(RequeuedRun::runId).toList());

            Await.until(Duration.ofSeconds(15), () -> "runs " + states(stage, runs),
                    () -> runs.stream().allMatch(id -> stage.run(id).state() == RunState.SUCCEEDED));
            System.out.printf("release -> all %d runs SUCCEEDED in %d ms%n", RUNS,
                    Duration.between(released, Instant.now()).toMillis());
            for (UUID id : runs) {
                stage.assertFileMatchesTruth(stage.run(id));
            }
        }
    }

    private static List<RunState> states(WorkerStage stage, List<UUID> runs) {
        return runs.stream().map(stage::run).map(Run::state).toList();
    }

    /** Spreads the org's tasks over every partition, hence over both workers. */
    private static void publishSpread(WorkerStage stage, List<UUID> runIds) {
        TaskCodec codec = new TaskCodec();
        int i = 0;
        for (UUID id : runIds) {
            Run run = stage.run(id);
            ExportTask task = ExportTask.of(id, run.orgId(), run.kind(), run.window(), run.attempt(), Instant.now(), "t-" + id);
            stage.publishTo(i++ % WorkerStage.TASK_PARTITIONS, run.orgId(), codec.write(task));
        }
    }

    /** What {@code OrgControls.release} writes, through the same store methods. */
    private static void release(WorkerStage stage, String orgId, Instant now) throws SQLException {
        try (Connection connection = stage.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            connection.createStatement().executeUpdate("DELETE FROM org_quarantine WHERE org_id = '" + orgId + "'");
            new OrgControlLog(stage.dataSource()).append(connection, orgId, OrgControlLog.Action.RELEASE, "tester", now);
            new PostgresRunQueueStore().makeWaitingRunsDue(connection, orgId, now);
            connection.commit();
        }
    }

    /** The sweeper's RETRY_DUE round. */
    private static List<RequeuedRun> sweep(WorkerStage stage, Instant now) throws SQLException {
        try (Connection connection = stage.dataSource().getConnection()) {
            return new PostgresRunQueueStore().requeue(connection, PostgresRunQueueStore.Due.RETRY_DUE, now, 100);
        }
    }
}
