package dev.orgexport.orchestrator.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.orchestrator.OrchestratorException;
import dev.orgexport.orchestrator.control.UnknownOrgException;
import dev.orgexport.orchestrator.schedule.Scheduler;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.schedule.TickReport;
import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.orchestrator.support.TestDatabase;
import dev.orgexport.orchestrator.support.TestOrchestrators;
import dev.orgexport.schema.task.ExportKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillIT {

    private static final Instant T0 = Instant.parse("2030-05-10T12:00:00Z");

    @TempDir
    Path directory;
    private TestDatabase db;
    private SettableClock clock;
    private Backfill backfill;

    @BeforeEach
    void oneOrg() {
        db = TestDatabase.create("backfill");
        clock = new SettableClock(T0);
        TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, "orgs.yaml",
                Registries.orgs("fill", 1, "us-east-1", List.of("{kind: conversation-details, every: PT15M, lag: PT5M}"))),
                false);
        backfill = new Backfill(db.dataSource(), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void a_backfill_creates_each_window_once_and_running_it_again_creates_nothing() {
        clock.advance(Duration.ofMinutes(5));
        Instant from = T0.minus(Duration.ofHours(2));

        BackfillResult first = backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS, from, T0);
        BackfillResult second = backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS, from, T0);

        assertThat(first.render()).isEqualTo("backfill of conversation-details for org fill-0 from 2030-05-10T10:00:00Z "
                + "to 2030-05-10T12:00:00Z (every PT15M): 8 windows, 8 runs created, 0 already existed");
        assertThat(second.created()).isZero();
        assertThat(second.existing()).isEqualTo(8);
        assertThat(db.count("SELECT count(*) FROM export_run")).isEqualTo(8);
        assertThat(db.count("SELECT count(*) FROM outbox")).isEqualTo(8);
    }

    @Test
    void durations_back_from_now_stand_for_the_starts_of_the_windows_holding_those_moments() {
        clock.advance(Duration.ofMinutes(7));

        BackfillResult relative = backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS, RangeBound.ago(Duration.ofHours(2)),
                RangeBound.ago(Duration.ofMinutes(10)), false);
        BackfillResult exact = backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS, Instant.parse("2030-05-10T10:00:00Z"),
                Instant.parse("2030-05-10T11:45:00Z"));

        // 12:07 minus 2 h is 10:07, in the window from 10:00; minus 10 min is 11:57, in the window from 11:45.
        assertThat(relative.render()).isEqualTo("backfill of conversation-details for org fill-0 from 2030-05-10T10:00:00Z "
                + "to 2030-05-10T11:45:00Z (every PT15M): 7 windows, 7 runs created, 0 already existed");
        assertThat(exact.created()).isZero();
        assertThat(exact.existing()).isEqualTo(7);
    }

    @Test
    void requeue_publishes_again_the_tasks_of_the_ranges_queued_and_waiting_runs_only() {
        clock.advance(Duration.ofMinutes(5));
        Instant from = T0.minus(Duration.ofHours(1));
        backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS, from, T0);
        db.update("UPDATE outbox SET published_at = now()");
        List<List<Object>> ids = db.query("SELECT run_id FROM export_run ORDER BY window_start");
        db.update("UPDATE export_run SET state = 'RETRY_WAIT', attempt = 2, next_attempt_at = now() + interval '1 day' "
                + "WHERE run_id = ?", ids.get(0).get(0));
        db.update("UPDATE export_run SET state = 'FAILED', attempt = 8 WHERE run_id = ?", ids.get(1).get(0));

        BackfillResult result = backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS, from, T0, true);

        assertThat(result.render()).endsWith("4 windows, 0 runs created, 4 already existed, 3 waiting or queued runs re-queued");
        assertThat(db.count("SELECT count(*) FROM outbox WHERE published_at IS NULL")).isEqualTo(3);
        assertThat(db.query("SELECT state, next_attempt_at FROM export_run WHERE run_id = ?", ids.get(0).get(0)))
                .containsExactly(java.util.Arrays.asList("QUEUED", null));
        assertThat(db.query("SELECT state FROM export_run WHERE run_id = ?", ids.get(1).get(0)))
                .containsExactly(List.of("FAILED"));
        assertThat(db.count("SELECT count(*) FROM outbox WHERE published_at IS NULL AND payload->>'runId' = '"
                + ids.get(1).get(0) + "'")).isZero();
    }

    @Test
    void reexport_queues_the_ranges_succeeded_runs_only_and_publishes_their_tasks() {
        clock.advance(Duration.ofMinutes(5));
        Instant from = T0.minus(Duration.ofHours(1));
        backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS, from, T0);
        db.update("UPDATE outbox SET published_at = now()");
        List<List<Object>> ids = db.query("SELECT run_id FROM export_run ORDER BY window_start");
        db.update("UPDATE export_run SET state = 'SUCCEEDED', result_location = '/x/v1', record_count = 3, byte_count = 9, "
                + "sha256 = repeat('a', 64), finished_at = now() WHERE run_id = ?", ids.get(0).get(0));
        db.update("UPDATE export_run SET state = 'FAILED', attempt = 8 WHERE run_id = ?", ids.get(1).get(0));

        int queued = backfill.reexport("fill-0", ExportKind.CONVERSATION_DETAILS, from, T0);

        assertThat(queued).isEqualTo(1);
        assertThat(db.query("SELECT state, result_location FROM export_run WHERE run_id = ?", ids.get(0).get(0)))
                .as("back to QUEUED, still pointing at its newest version").containsExactly(List.of("QUEUED", "/x/v1"));
        assertThat(db.count("SELECT count(*) FROM outbox WHERE published_at IS NULL")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox WHERE published_at IS NULL AND payload->>'runId' = '"
                + ids.get(0).get(0) + "'")).isEqualTo(1);
        assertThat(db.query("SELECT state FROM export_run WHERE run_id = ?", ids.get(1).get(0)))
                .containsExactly(List.of("FAILED"));
    }

    @Test
    void a_window_both_backfilled_and_scheduled_is_created_and_announced_once() {
        clock.advance(Duration.ofMinutes(20));
        backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS, T0, T0.plus(Duration.ofMinutes(15)));

        TickReport tick = new Scheduler(db.dataSource(), clock, SchedulerConfig.defaults(), new SimpleMeterRegistry()).tick();

        assertThat(tick.runsCreated()).isZero();
        assertThat(tick.runsExisting()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox")).isEqualTo(1);
    }

    @Test
    void a_range_off_the_window_grid_is_refused_naming_the_nearest_window_starts() {
        assertThatThrownBy(() -> backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS,
                T0.minus(Duration.ofMinutes(67)), T0))
                .isInstanceOf(OrchestratorException.class)
                .hasMessage("--from 2030-05-10T10:53:00Z is not a window start of the conversation-details schedule of "
                        + "org fill-0 (every PT15M); nearest window starts: 2030-05-10T10:45:00Z and 2030-05-10T11:00:00Z");
    }

    @Test
    void windows_that_are_not_over_yet_are_refused() {
        assertThatThrownBy(() -> backfill.run("fill-0", ExportKind.CONVERSATION_DETAILS, T0, T0.plus(Duration.ofMinutes(15))))
                .hasMessageContaining("is not over yet");
    }

    @Test
    void an_unknown_org_or_a_kind_it_does_not_export_is_refused() {
        assertThatThrownBy(() -> backfill.run("nobody", ExportKind.CONVERSATION_DETAILS, T0.minusSeconds(900), T0))
                .isInstanceOf(UnknownOrgException.class);
        assertThatThrownBy(() -> backfill.run("fill-0", ExportKind.AUDIT_EVENTS, T0.minusSeconds(900), T0))
                .hasMessage("org fill-0 has no audit-events export in the registry; add it to orgs.yaml and apply it first");
    }
}
