package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.resilience.BreakerSettings;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.event.EventCodec;
import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.schema.event.ExportFailed;
import dev.orgexport.schema.quarantine.PostgresQuarantineStore;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.SimulatorConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How an attempt ends when the platform is not simply willing: data not complete yet, a missing
 * permission, a job that fails or expires, credentials refused and later fixed. One worker with
 * two attempts per run and a 2-second credential breaker; each test has its own org.
 */
class ExportRulesIT {

    private static final TimeWindow PAST = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-01T01:00:00Z"));

    private static WorkerStage stage;
    private static Instant started;

    @BeforeAll
    static void start() {
        stage = WorkerStage.open("rules", SimulatorConfig.builder()
                        .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(500), Duration.ofHours(1)))
                        .data(new SimulatorConfig.DataSizing(2, 6, 2, Duration.ZERO)),
                List.of(StageOrg.healthy("org-avail", "us-east-1"), StageOrg.healthy("org-perm", "us-east-1"),
                        StageOrg.healthy("org-fail", "eu-west-1"), StageOrg.healthy("org-exp", "eu-west-1"),
                        StageOrg.healthy("org-rel", "ap-southeast-2")));
        started = Instant.now();
        // A lease longer than the stage's 3 s: the expired-job test slows its region's answers to 3 s,
        // and a lease is extended only while its run makes progress.
        stage.startWorker(stage.workerConfig("worker-rules")
                        .lease(Duration.ofSeconds(30), Duration.ofMillis(500))
                        .retry(new RetryPolicy(2, Duration.ofDays(1), Duration.ofSeconds(30), Duration.ofMinutes(5), 2.0, 0.1))
                        .build(),
                stage.environment(platform -> platform.withResilience(platform.resilience().withBreaker(
                        BreakerSettings.defaults().withWaits(Duration.ofSeconds(30), Duration.ofSeconds(2))))));
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    private static Run awaitState(UUID runId, RunState state) {
        Await.until(Duration.ofSeconds(30), () -> stage.run(runId).toString(), () -> stage.run(runId).state() == state);
        return stage.run(runId);
    }

    /** What the sweeper does for a RETRY_WAIT run that is due: QUEUED again, and its task published again. */
    private static void requeue(ExportTask task) {
        stage.execute("UPDATE export_run SET state = 'QUEUED', next_attempt_at = NULL WHERE run_id = '" + task.runId() + "'");
        stage.publish(task);
    }

    private static List<AuditEvent> auditOf(String orgId) {
        return new PostgresAuditStore(stage.dataSource()).since(started.minusSeconds(60), orgId, 100);
    }

    @Test
    void a_window_that_ends_after_the_data_availability_date_waits_without_a_job_or_an_attempt() {
        Instant end = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        ExportTask task = stage.enqueue("org-avail", ExportKind.CONVERSATION_DETAILS,
                new TimeWindow(end.minus(Duration.ofHours(1)), end));

        Run run = awaitState(task.runId(), RunState.RETRY_WAIT);

        assertThat(run.lastFailureKind()).isEqualTo("DATA_NOT_AVAILABLE");
        assertThat(run.attempt()).isZero();
        assertThat(run.nextAttemptAt()).isAfterOrEqualTo(end.minus(Duration.ofMinutes(1)));
        assertThat(stage.simulator().stats().apiRequests("client-org-avail", Endpoint.CONVERSATION_JOB_SUBMIT)).isZero();
    }

    @Test
    void a_missing_permission_is_audited_and_the_run_waits_for_a_retry() {
        stage.simulator().setPermissions("client-org-perm", Set.of(ExportKind.USER_DETAILS.permission()));
        ExportTask task = stage.enqueue("org-perm", ExportKind.CONVERSATION_DETAILS, PAST);

        Run run = awaitState(task.runId(), RunState.RETRY_WAIT);

        assertThat(run.lastFailureKind()).isEqualTo("MISSING_PERMISSION");
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(run.nextAttemptAt()).isAfter(Instant.now().plusSeconds(20));
        AuditEvent row = auditOf("org-perm").stream().filter(e -> e.action().equals("Authorize")).findFirst().orElseThrow();
        assertThat(row.serviceName()).isEqualTo("PeoplePermissions");
        assertThat(row.entityType()).isEqualTo("OAuthClient");
        assertThat(row.entityId()).isEqualTo("client-org-perm");
        assertThat(row.context().failureKind()).isEqualTo("MISSING_PERMISSION");
        assertThat(row.context().httpStatus()).isEqualTo(403);
        // The first call is the availability check, which needs the full permission (no alternative).
        assertThat(row.context().errorCode()).isEqualTo("missing.permissions");
        assertThat(row.message()).contains(ExportKind.CONVERSATION_DETAILS.permission());
        assertThat(row.context().diagnosis()).isEqualTo(FailureKind.MISSING_PERMISSION.operatorHint());
        assertThat(row.context().runId()).isEqualTo(task.runId());
        assertThat(new PostgresQuarantineStore(stage.dataSource(), Clock.systemUTC()).findLive("org-perm")).isEmpty();
    }

    @Test
    void a_job_that_keeps_failing_fails_the_run_once_its_attempts_are_used_up() {
        stage.simulator().failNextJobs("org-fail", ExportKind.USER_DETAILS, 5, "internal error in the export service");
        ExportTask task = stage.enqueue("org-fail", ExportKind.USER_DETAILS, PAST);

        Run first = awaitState(task.runId(), RunState.RETRY_WAIT);
        assertThat(first.lastFailureKind()).isEqualTo("JOB_FAILED");
        assertThat(first.platformJobId()).as("a failed job is forgotten, the next attempt submits anew").isNull();
        requeue(task);
        Run failed = awaitState(task.runId(), RunState.FAILED);

        assertThat(failed.attempt()).isEqualTo(2);
        assertThat(failed.lastFailureMessage()).contains("internal error in the export service");
        assertThat(stage.simulator().stats().apiRequests("client-org-fail", Endpoint.USER_JOB_SUBMIT)).isEqualTo(2);
        EventCodec codec = new EventCodec();
        List<ExportEvent> events = stage.events().stream().filter(e -> e.runId().equals(task.runId())).toList();
        assertThat(events).singleElement().isInstanceOfSatisfying(ExportFailed.class, event -> {
            assertThat(event.failureKind()).isEqualTo("JOB_FAILED");
            assertThat(event.attempt()).isEqualTo(2);
        });
    }

    @Test
    void an_expired_job_is_submitted_again_within_the_attempt() {
        // The region answers late until the first job is expired, so the worker's first status poll
        // cannot find the job fulfilled (and read its results) before the test expires it, however
        // loaded the machine.
        stage.simulator().setLatency("eu-west-1", Duration.ofSeconds(3));
        String firstJob;
        ExportTask task;
        try {
            task = stage.enqueue("org-exp", ExportKind.CONVERSATION_DETAILS, PAST);
            Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).platformJobId() != null);
            firstJob = stage.run(task.runId()).platformJobId();
            stage.simulator().expireJob(firstJob);
        } finally {
            stage.simulator().setLatency("eu-west-1", Duration.ZERO);
        }
        Run run = awaitState(task.runId(), RunState.SUCCEEDED);

        assertThat(run.attempt()).isEqualTo(1);
        assertThat(run.platformJobId()).isNotEqualTo(firstJob);
        assertThat(stage.simulator().stats().apiRequests("client-org-exp", Endpoint.CONVERSATION_JOB_SUBMIT)).isEqualTo(2);
        stage.assertFileMatchesTruth(run);
    }

    @Test
    void the_quarantine_is_released_with_an_audit_row_when_the_breaker_closes_again() {
        PostgresQuarantineStore quarantines = new PostgresQuarantineStore(stage.dataSource(), Clock.systemUTC());
        stage.simulator().disableClient("client-org-rel");
        ExportTask task = stage.enqueue("org-rel", ExportKind.AUDIT_EVENTS, PAST);
        Run waiting = awaitState(task.runId(), RunState.RETRY_WAIT);
        assertThat(waiting.lastFailureKind()).isEqualTo("CREDENTIALS_REJECTED");
        Await.until(Duration.ofSeconds(10), () -> quarantines.findAll().toString(),
                () -> quarantines.findLive("org-rel").isPresent());

        stage.simulator().enableClient("client-org-rel");
        Await.until(Duration.ofSeconds(10), () -> "quarantine " + quarantines.findAll(),
                () -> quarantines.findLive("org-rel").isEmpty());
        requeue(task);
        Run run = awaitState(task.runId(), RunState.SUCCEEDED);

        stage.assertFileMatchesTruth(run);
        Await.until(Duration.ofSeconds(10), () -> auditOf("org-rel").toString(),
                () -> auditOf("org-rel").stream().anyMatch(e -> e.action().equals("Release")));
        // The breaker opens as the failed request completes, a moment before the run records it:
        // Quarantine and Authenticate rows may come in either order; the first good token pins the
        // org (PinOrganization) before the call that closes the breaker; Release comes last.
        assertThat(auditOf("org-rel")).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder("Authenticate", "Quarantine", "PinOrganization", "Release").endsWith("Release");
        assertThat(quarantines.findAll()).noneMatch(q -> q.orgId().equals("org-rel"));
    }
}
