package dev.orgexport.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.orchestrator.registry.ApplyResult;
import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.orchestrator.support.TestDatabase;
import dev.orgexport.orchestrator.support.TestOrchestrators;
import dev.orgexport.schema.run.RunIds;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TaskCodec;
import dev.orgexport.schema.task.TimeWindow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerIT {

    private static final Instant T0 = Instant.parse("2030-09-01T00:00:00Z");

    @TempDir
    Path directory;
    private TestDatabase db;
    private SettableClock clock;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.create("scheduler");
        clock = new SettableClock(T0);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Scheduler scheduler(DataSource dataSource) {
        return new Scheduler(dataSource, clock, SchedulerConfig.defaults(), new SimpleMeterRegistry());
    }

    private void apply(String yaml) {
        ApplyResult result = TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory,
                "orgs-" + System.nanoTime() + ".yaml", yaml), false);
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void a_window_is_created_exactly_when_its_end_plus_lag_has_come_with_its_task_in_the_outbox() {
        apply(Registries.orgs("due", 1, "us-east-1", List.of("{kind: user-details, every: PT15M, lag: PT5M}")));
        Scheduler scheduler = scheduler(db.dataSource());

        clock.set(T0.plus(Duration.ofMinutes(20)).minusMillis(1));
        assertThat(scheduler.tick().runsCreated()).isZero();
        clock.set(T0.plus(Duration.ofMinutes(20)));
        TickReport tick = scheduler.tick();

        assertThat(tick.runsCreated()).isEqualTo(1);
        ExportTask task = new TaskCodec().read(((String) db.query("SELECT payload::text FROM outbox").get(0).get(0))
                .getBytes(StandardCharsets.UTF_8));
        TimeWindow window = new TimeWindow(T0, T0.plus(Duration.ofMinutes(15)));
        assertThat(task).isEqualTo(ExportTask.of(RunIds.of("due-0", ExportKind.USER_DETAILS, T0), "due-0",
                ExportKind.USER_DETAILS, window, 0, clock.instant(), task.traceId()));
        assertThat(task.traceId()).hasSize(32).matches("[0-9a-f]+");
        assertThat(db.query("SELECT record_key, topic FROM outbox")).containsExactly(List.of("due-0", ExportTask.TOPIC));
        assertThat(db.query("SELECT state FROM export_run")).containsExactly(List.of("QUEUED"));
    }

    @Test
    void disabled_orgs_and_removed_exports_get_no_runs() {
        apply("""
                orgs:
                  - {id: alpha, name: Alpha, region: us-east-1, clientId: c1, secret: env:ON,
                     exports: [{kind: user-details, every: PT1H}, {kind: audit-events, every: PT1H}]}
                  - {id: beta, name: Beta, region: us-east-1, clientId: c2, secret: env:OFF, enabled: false,
                     exports: [{kind: user-details, every: PT1H}]}
                """);
        apply("""
                orgs:
                  - {id: alpha, name: Alpha, region: us-east-1, clientId: c1, secret: env:ON,
                     exports: [{kind: user-details, every: PT1H}]}
                  - {id: beta, name: Beta, region: us-east-1, clientId: c2, secret: env:OFF, enabled: false,
                     exports: [{kind: user-details, every: PT1H}]}
                """);
        clock.advance(Duration.ofHours(2));

        scheduler(db.dataSource()).tick();

        assertThat(db.query("SELECT DISTINCT org_id, kind FROM export_run")).containsExactly(List.of("alpha", "user-details"));
    }

    @Test
    void scheduling_is_the_same_whatever_the_session_time_zone() {
        apply(Registries.orgs("zone", 1, "us-east-1", List.of("{kind: conversation-details, every: P1D, lag: PT1H, catchUp: P3D}")));
        clock.set(T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)));

        // Chatham is UTC+12:45 (+13:45 in summer): any confusion of local and UTC time shows.
        TickReport tick = scheduler(db.dataSourceInTimeZone("Pacific/Chatham")).tick();

        assertThat(tick.runsCreated()).isEqualTo(3);
        assertThat(db.query("SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), "
                + "to_char(window_end AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM export_run ORDER BY window_start"))
                .containsExactly(List.of("2030-09-01 00:00", "2030-09-02 00:00"),
                        List.of("2030-09-02 00:00", "2030-09-03 00:00"),
                        List.of("2030-09-03 00:00", "2030-09-04 00:00"));
        assertThat(db.query("SELECT to_char(next_window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM export_schedule"))
                .containsExactly(List.of("2030-09-04 00:00"));
    }
}
