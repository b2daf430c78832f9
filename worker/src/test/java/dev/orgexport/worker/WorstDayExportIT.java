package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.quarantine.OrgQuarantine;
import dev.orgexport.schema.quarantine.PostgresQuarantineStore;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunFailure;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.faults.WireFault;
import dev.orgexport.simulator.faults.WireFaultRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One test per platform fault the simulator plays (fidelity review §2): each run either completes
 * with a file equal to the simulator's truth, or ends its attempt with the failure kind that names
 * the fault, within seconds: never a loop, never a hang. One worker, each test its own org; the
 * simulator is reached directly (no proxy), so a 302's download URL is on the API base's host.
 */
class WorstDayExportIT {

    private static final TimeWindow PAST = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-01T03:00:00Z"));
    private static final List<String> ORGS = List.of("wd-repeat", "wd-endless", "wd-redirect", "wd-lost", "wd-502",
            "wd-504", "wd-timeout", "wd-noretry", "wd-tmr", "wd-daily");

    private static WorkerStage stage;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        logs = LogCapture.attach();
        stage = WorkerStage.open("worstday", SimulatorConfig.builder()
                        .jobs(SimulatorConfig.JobTimings.quick(Duration.ofMillis(200)))
                        .data(new SimulatorConfig.DataSizing(5, 12, 3, Duration.ofMinutes(5))),
                ORGS.stream().map(id -> StageOrg.healthy(id, "us-east-1")).toList(), false);
        stage.startWorker(stage.workerConfig("worker-worstday").build());
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
        if (logs != null) {
            logs.detach();
        }
    }

    private static Run await(UUID runId, RunState state) {
        Await.until(Duration.ofSeconds(30), () -> stage.run(runId).toString(), () -> stage.run(runId).state() == state);
        return stage.run(runId);
    }

    private static Run exportWith(String org, ExportKind kind, WireFaultRule rule, RunState expected) {
        stage.simulator().addWireFault(rule);
        ExportTask task = stage.enqueue(org, kind, PAST);
        return await(task.runId(), expected);
    }

    @Test
    void a_repeating_cursor_ends_the_attempt_as_cursor_repeated() {
        Run run = exportWith("wd-repeat", ExportKind.CONVERSATION_DETAILS,
                WireFaultRule.always(WireFault.REPEAT_CURSOR, "wd-repeat"), RunState.RETRY_WAIT);

        assertThat(run.lastFailureKind()).isEqualTo(RunFailure.CURSOR_REPEATED);
        assertThat(run.platformJobId()).as("the next attempt submits a new job").isNull();
        assertThat(stage.simulator().stats().apiRequests("client-wd-repeat", Endpoint.CONVERSATION_JOB_RESULTS))
                .isLessThan(10);
    }

    @Test
    void an_endless_cursor_ends_the_attempt_as_cursor_endless_after_three_empty_pages() {
        Run run = exportWith("wd-endless", ExportKind.USER_DETAILS,
                WireFaultRule.always(WireFault.ENDLESS_CURSOR, "wd-endless"), RunState.RETRY_WAIT);

        assertThat(run.lastFailureKind()).isEqualTo(RunFailure.CURSOR_ENDLESS);
        assertThat(run.lastFailureMessage()).contains("3 empty pages in a row");
    }

    @Test
    void a_302_audit_result_is_downloaded_from_the_download_host_and_the_file_equals_the_truth() {
        Run run = exportWith("wd-redirect", ExportKind.AUDIT_EVENTS,
                WireFaultRule.times(WireFault.AUDIT_REDIRECT, "wd-redirect", 2), RunState.SUCCEEDED);

        stage.assertFileMatchesTruth(run);
        assertThat(stage.simulator().stats().total(Endpoint.AUDIT_DOWNLOAD).requests()).isEqualTo(2);
    }

    @Test
    void a_lost_submit_answer_is_retried_the_orphaned_job_logged_and_the_run_completes() {
        Run run = exportWith("wd-lost", ExportKind.CONVERSATION_DETAILS,
                WireFaultRule.times(WireFault.LOST_SUBMIT_ANSWER, "wd-lost", 1), RunState.SUCCEEDED);

        stage.assertFileMatchesTruth(run);
        assertThat(stage.simulator().stats().apiRequests("client-wd-lost", Endpoint.CONVERSATION_JOB_SUBMIT)).isEqualTo(2);
        assertThat(logs.text()).contains("org wd-lost: a submit of conversation-details")
                .contains("may hold an orphaned job").contains("the run goes on with job " + run.platformJobId());
    }

    @Test
    void non_json_gateway_502_pages_are_retried_and_the_run_completes() {
        Run run = exportWith("wd-502", ExportKind.CONVERSATION_DETAILS,
                WireFaultRule.times(WireFault.GATEWAY_502, "wd-502", 2).onEndpoint(Endpoint.CONVERSATION_JOB_RESULTS),
                RunState.SUCCEEDED);

        stage.assertFileMatchesTruth(run);
        assertThat(stage.simulator().stats().serverErrors("client-wd-502")).isEqualTo(2);
    }

    @Test
    void non_json_gateway_504_pages_are_retried_and_the_run_completes() {
        Run run = exportWith("wd-504", ExportKind.USER_DETAILS,
                WireFaultRule.times(WireFault.GATEWAY_504, "wd-504", 2).onEndpoint(Endpoint.USER_JOB_STATUS),
                RunState.SUCCEEDED);

        stage.assertFileMatchesTruth(run);
    }

    @Test
    void a_504_request_timeout_is_retried_and_the_run_completes() {
        Run run = exportWith("wd-timeout", ExportKind.AUDIT_EVENTS,
                WireFaultRule.times(WireFault.REQUEST_TIMEOUT, "wd-timeout", 2).onEndpoint(Endpoint.AUDIT_QUERY_RESULTS),
                RunState.SUCCEEDED);

        stage.assertFileMatchesTruth(run);
    }

    @Test
    void a_429_without_retry_after_backs_off_and_the_run_completes() {
        Run run = exportWith("wd-noretry", ExportKind.CONVERSATION_DETAILS,
                WireFaultRule.times(WireFault.RATE_LIMIT_NO_RETRY_AFTER, "wd-noretry", 2), RunState.SUCCEEDED);

        stage.assertFileMatchesTruth(run);
        assertThat(stage.simulator().stats().tooManyRequests("client-wd-noretry")).isEqualTo(2);
    }

    @Test
    void a_429_too_many_requests_does_not_wait_the_limits_period_and_the_run_completes() {
        Instant began = Instant.now();
        Run run = exportWith("wd-tmr", ExportKind.USER_DETAILS,
                WireFaultRule.times(WireFault.TOO_MANY_REQUESTS, "wd-tmr", 2), RunState.SUCCEEDED);

        stage.assertFileMatchesTruth(run);
        assertThat(Duration.between(began, Instant.now())).as("the [60] seconds are the limit's period, not a wait")
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void a_daily_limit_parks_the_org_until_the_platforms_time_with_an_audit_row_and_spends_no_attempt() {
        Instant began = Instant.now();
        Run run = exportWith("wd-daily", ExportKind.CONVERSATION_DETAILS,
                WireFaultRule.times(WireFault.DAILY_LIMIT, "wd-daily", 1).withRetryAfterSeconds(3 * 3600), RunState.RETRY_WAIT);

        assertThat(run.lastFailureKind()).isEqualTo(RunFailure.ORG_PARKED);
        assertThat(run.attempt()).isZero();
        assertThat(run.nextAttemptAt()).isBetween(began.plus(Duration.ofHours(3)).minusSeconds(5),
                Instant.now().plus(Duration.ofHours(3)).plusSeconds(5));
        OrgQuarantine parked = new PostgresQuarantineStore(stage.dataSource(), Clock.systemUTC()).findLive("wd-daily")
                .orElseThrow();
        assertThat(parked.until()).isEqualTo(run.nextAttemptAt());
        assertThat(parked.reason()).startsWith("RATE_LIMITED").contains("10800 s");
        AuditEvent row = new PostgresAuditStore(stage.dataSource()).since(began.minusSeconds(60), "wd-daily", 10).stream()
                .filter(e -> e.action().equals("Quarantine")).findFirst().orElseThrow();
        assertThat(row.context().failureKind()).isEqualTo("RATE_LIMITED");
        assertThat(row.message()).contains("quarantined until").contains("10800 s");
    }
}
