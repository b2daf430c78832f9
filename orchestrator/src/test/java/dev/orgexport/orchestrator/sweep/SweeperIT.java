package dev.orgexport.orchestrator.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.orchestrator.schedule.Scheduler;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.orchestrator.support.TestDatabase;
import dev.orgexport.orchestrator.support.TestOrchestrators;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TaskCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweeperIT {

    private static final Instant T0 = Instant.parse("2030-02-01T00:00:00Z");

    @TempDir
    Path directory;
    private TestDatabase db;
    private SettableClock clock;
    private Sweeper sweeper;

    @BeforeEach
    void runsOfThreeOrgs() {
        db = TestDatabase.create("sweeper");
        clock = new SettableClock(T0);
        TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, "orgs.yaml",
                Registries.orgs("sweep", 3, "us-east-1", List.of("{kind: audit-events, every: PT1H}"))), false);
        clock.advance(Duration.ofHours(2));
        new Scheduler(db.dataSource(), clock, SchedulerConfig.defaults(), new SimpleMeterRegistry()).tick();
        db.update("UPDATE outbox SET published_at = ?", timestamp(clock.instant()));
        // No worker claims anything here: the stranded case is kept out of the way except in its own test.
        sweeper = new Sweeper(db.dataSource(), clock, SweeperConfig.defaults().withStrandedAfter(Duration.ofDays(30)),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void a_retry_whose_time_has_come_is_queued_again_with_a_new_task() {
        UUID run = oneRun("sweep-0");
        db.update("UPDATE export_run SET state = 'RETRY_WAIT', attempt = 1, next_attempt_at = ? WHERE run_id = ?",
                timestamp(clock.instant().plusSeconds(60)), run);

        assertThat(sweeper.sweepOnce().requeued()).as("not due yet").isZero();
        clock.advance(Duration.ofSeconds(60));
        SweepReport report = sweeper.sweepOnce();

        assertThat(report.retriesRequeued()).isEqualTo(1);
        assertThat(db.query("SELECT state, attempt, next_attempt_at FROM export_run WHERE run_id = ?", run))
                .containsExactly(Arrays.asList("QUEUED", 1, null));
        ExportTask task = unpublishedTasks().get(0);
        assertThat(task.runId()).isEqualTo(run);
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.enqueuedAt()).isEqualTo(clock.instant());
    }

    @Test
    void a_running_run_whose_lease_expired_is_queued_again_and_keeps_its_platform_job() {
        UUID run = oneRun("sweep-1");
        db.update("UPDATE export_run SET state = 'RUNNING', attempt = 1, lease_owner = 'worker-7', lease_expires_at = ?, "
                + "platform_job_id = 'job-42' WHERE run_id = ?", timestamp(clock.instant().minusSeconds(1)), run);

        SweepReport report = sweeper.sweepOnce();

        assertThat(report.expiredLeasesRequeued()).isEqualTo(1);
        assertThat(db.query("SELECT state, lease_owner, lease_expires_at, platform_job_id FROM export_run WHERE run_id = ?",
                run)).containsExactly(Arrays.asList("QUEUED", null, null, "job-42"));
        assertThat(unpublishedTasks()).extracting(ExportTask::runId).containsExactly(run);
    }

    @Test
    void runs_of_paused_or_quarantined_orgs_keep_waiting() {
        db.update("UPDATE export_run SET state = 'RETRY_WAIT', next_attempt_at = ?", timestamp(clock.instant()));
        db.update("UPDATE org SET paused = true WHERE id = 'sweep-0'");
        db.update("INSERT INTO org_quarantine (org_id, reason, since, until, set_by) VALUES ('sweep-1', "
                + "'CREDENTIALS_REJECTED', ?, ?, 'worker-1')", timestamp(T0), timestamp(clock.instant().plusSeconds(600)));

        SweepReport report = sweeper.sweepOnce();

        assertThat(report.retriesRequeued()).isEqualTo(2);
        assertThat(db.query("SELECT org_id, state FROM export_run ORDER BY org_id, window_start")).extracting(r -> r.get(1))
                .containsExactly("RETRY_WAIT", "RETRY_WAIT", "RETRY_WAIT", "RETRY_WAIT", "QUEUED", "QUEUED");
    }

    @Test
    void an_expired_quarantine_is_cleared_with_an_audit_row_and_its_waiting_runs_go_in_the_same_round() {
        db.update("UPDATE export_run SET state = 'RETRY_WAIT', next_attempt_at = ? WHERE org_id = 'sweep-2'",
                timestamp(clock.instant().minusSeconds(5)));
        db.update("INSERT INTO org_quarantine (org_id, reason, since, until, set_by) VALUES ('sweep-2', "
                + "'CREDENTIALS_REJECTED', ?, ?, 'worker-1')", timestamp(T0), timestamp(clock.instant()));
        db.update("INSERT INTO org_quarantine (org_id, reason, since, until, set_by) VALUES ('sweep-1', "
                + "'PLATFORM_UNAVAILABLE', ?, ?, 'worker-1')", timestamp(T0), timestamp(clock.instant().plusSeconds(1)));

        SweepReport report = sweeper.sweepOnce();

        assertThat(report.quarantinesCleared()).containsExactly("sweep-2");
        assertThat(report.retriesRequeued()).isEqualTo(2);
        assertThat(db.query("SELECT org_id FROM org_quarantine")).containsExactly(List.of("sweep-1"));
        assertThat(db.query("SELECT action, level, status FROM audit_event WHERE org_id = 'sweep-2' AND action <> 'AddOrg'"))
                .containsExactly(List.of("ExpireQuarantine", "SYSTEM", "SUCCESS"));
    }

    @Test
    void two_sweepers_at_once_requeue_each_run_once() throws Exception {
        db.update("UPDATE export_run SET state = 'RETRY_WAIT', next_attempt_at = ?", timestamp(clock.instant()));
        long waiting = db.count("SELECT count(*) FROM export_run");
        Sweeper other = new Sweeper(db.dataSource(), clock, new SweeperConfig(Duration.ofSeconds(1), 1, Duration.ofDays(1), Duration.ofMinutes(30)),
                new SimpleMeterRegistry());
        Sweeper small = new Sweeper(db.dataSource(), clock, new SweeperConfig(Duration.ofSeconds(1), 1, Duration.ofDays(1), Duration.ofMinutes(30)),
                new SimpleMeterRegistry());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int requeued = 0;
            for (int round = 0; round < waiting; round++) {
                List<Callable<SweepReport>> both = List.of(other::sweepOnce, small::sweepOnce);
                for (Future<SweepReport> result : pool.invokeAll(both)) {
                    requeued += result.get().requeued();
                }
            }
            assertThat(requeued).isEqualTo(waiting);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count("SELECT count(*) FROM export_run WHERE state = 'QUEUED'")).isEqualTo(waiting);
        assertThat(db.count("SELECT count(*) FROM outbox WHERE published_at IS NULL")).isEqualTo(waiting);
        assertThat(db.query("SELECT payload->>'runId' FROM outbox WHERE published_at IS NULL GROUP BY 1 HAVING count(*) > 1"))
                .isEmpty();
    }

    @Test
    void a_queued_run_nobody_claimed_for_the_stranding_time_gets_its_task_published_again() {
        Sweeper sweeper = new Sweeper(db.dataSource(), clock, SweeperConfig.defaults(), new SimpleMeterRegistry());
        long queued = db.count("SELECT count(*) FROM export_run WHERE state = 'QUEUED'");
        assertThat(queued).isPositive();
        UUID claimed = oneRun("sweep-2");
        db.update("UPDATE export_run SET state = 'RUNNING', attempt = 1, lease_owner = 'w', lease_expires_at = ? "
                + "WHERE run_id = ?", timestamp(clock.instant().plus(Duration.ofDays(1))), claimed);
        clock.advance(SweeperConfig.DEFAULT_STRANDED_AFTER.minusSeconds(1));
        assertThat(sweeper.sweepOnce().strandedRepublished()).as("not stranded yet").isZero();

        clock.advance(Duration.ofSeconds(1));
        SweepReport report = sweeper.sweepOnce();

        assertThat(report.strandedRepublished()).isEqualTo((int) queued - 1);
        assertThat(db.count("SELECT count(*) FROM export_run WHERE state = 'QUEUED'")).isEqualTo(queued - 1);
        assertThat(unpublishedTasks()).hasSize((int) queued - 1).noneMatch(task -> task.runId().equals(claimed))
                .allMatch(task -> task.enqueuedAt().equals(clock.instant()));
        assertThat(sweeper.sweepOnce().strandedRepublished()).as("published again only after another stranding time")
                .isZero();
    }

    @Test
    void published_outbox_rows_older_than_the_retention_are_deleted() {
        long published = db.count("SELECT count(*) FROM outbox");
        clock.advance(SweeperConfig.DEFAULT_OUTBOX_RETENTION.plusSeconds(1));

        assertThat(sweeper.sweepOnce().outboxRowsDeleted()).isEqualTo((int) published);
        assertThat(db.count("SELECT count(*) FROM outbox")).isZero();
    }

    private UUID oneRun(String orgId) {
        return (UUID) db.query("SELECT run_id FROM export_run WHERE org_id = ? ORDER BY window_start LIMIT 1", orgId)
                .get(0).get(0);
    }

    private List<ExportTask> unpublishedTasks() {
        TaskCodec codec = new TaskCodec();
        List<ExportTask> tasks = new ArrayList<>();
        db.query("SELECT payload::text FROM outbox WHERE published_at IS NULL ORDER BY id")
                .forEach(row -> tasks.add(codec.read(((String) row.get(0)).getBytes(StandardCharsets.UTF_8))));
        return tasks;
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }
}
