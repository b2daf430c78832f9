package dev.orgexport.orchestrator.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.orchestrator.schedule.Scheduler;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.schedule.TickReport;
import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.orchestrator.support.TestDatabase;
import dev.orgexport.orchestrator.support.TestOrchestrators;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrgControlsIT {

    private static final Instant T0 = Instant.parse("2030-07-01T00:00:00Z");

    @TempDir
    Path directory;
    private TestDatabase db;
    private SettableClock clock;
    private OrgControls controls;
    private Scheduler scheduler;

    @BeforeEach
    void twoOrgs() {
        db = TestDatabase.create("controls");
        clock = new SettableClock(T0);
        TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, "orgs.yaml",
                Registries.orgs("ctl", 2, "eu-west-2", List.of("{kind: user-details, every: PT1H, catchUp: PT2H}"))), false);
        controls = new OrgControls(db.dataSource(), clock);
        scheduler = new Scheduler(db.dataSource(), clock, SchedulerConfig.defaults(), new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void a_paused_org_gets_no_runs_and_catches_up_within_its_catch_up_when_resumed() {
        ControlResult paused = controls.pause("ctl-0", "alice");
        clock.advance(Duration.ofHours(5));

        TickReport whilePaused = scheduler.tick();
        assertThat(whilePaused.runsCreated()).as("only ctl-1's windows").isEqualTo(3);
        assertThat(db.count("SELECT count(*) FROM export_run WHERE org_id = 'ctl-0'")).isZero();

        ControlResult resumed = controls.resume("ctl-0", "alice");
        TickReport afterResume = scheduler.tick();

        assertThat(afterResume.runsCreated()).isEqualTo(3);
        assertThat(afterResume.windowsSkipped()).isEqualTo(2);
        assertThat(List.of(paused.message(), resumed.message()))
                .containsExactly("org ctl-0 paused by alice", "org ctl-0 resumed by alice");
        assertThat(db.query("SELECT action, level, service_name, entity_type, message_code FROM audit_event "
                + "WHERE org_id = 'ctl-0' AND level = 'USER' AND action <> 'AddOrg' ORDER BY event_date")).containsExactly(
                List.of("PauseOrg", "USER", "orgexport", "Org", "ORG_PAUSED"),
                List.of("ResumeOrg", "USER", "orgexport", "Org", "ORG_RESUMED"));
    }

    @Test
    void pausing_a_paused_org_changes_nothing_but_is_audited() {
        controls.pause("ctl-1", "alice");
        ControlResult again = controls.pause("ctl-1", "bob");

        assertThat(again.changed()).isFalse();
        assertThat(again.message()).isEqualTo("org ctl-1 was already paused; paused again by bob");
        assertThat(db.count("SELECT count(*) FROM audit_event WHERE org_id = 'ctl-1' AND action = 'PauseOrg'")).isEqualTo(2);
    }

    @Test
    void release_clears_the_quarantine_and_makes_the_waiting_runs_due_now() {
        clock.advance(Duration.ofHours(2));
        scheduler.tick();
        db.update("UPDATE export_run SET state = 'RETRY_WAIT', next_attempt_at = ? WHERE org_id = 'ctl-0'",
                Timestamp.from(clock.instant().plus(Duration.ofHours(1))));
        db.update("INSERT INTO org_quarantine (org_id, reason, since, until, set_by) VALUES ('ctl-0', "
                + "'CREDENTIALS_REJECTED', ?, ?, 'worker-1')", Timestamp.from(T0), Timestamp.from(clock.instant().plusSeconds(3600)));

        ControlResult released = controls.release("ctl-0", "carol");

        assertThat(released.message()).isEqualTo("org ctl-0 released from quarantine by carol; 2 waiting runs made due now");
        assertThat(db.count("SELECT count(*) FROM org_quarantine")).isZero();
        assertThat(db.count("SELECT count(*) FROM export_run WHERE org_id = 'ctl-0' AND next_attempt_at = ?",
                Timestamp.from(clock.instant()))).isEqualTo(2);
        assertThat(db.query("SELECT action, level, message FROM audit_event WHERE org_id = 'ctl-0' AND action <> 'AddOrg'"))
                .containsExactly(List.of("ReleaseOrg", "USER", released.message()));
    }

    @Test
    void releasing_an_org_that_is_not_quarantined_is_still_audited() {
        ControlResult released = controls.release("ctl-1", "carol");

        assertThat(released.message()).isEqualTo("org ctl-1 was not quarantined; release by carol: 0 waiting runs made due now");
        assertThat(db.query("SELECT action, message_code FROM audit_event WHERE org_id = 'ctl-1' AND action <> 'AddOrg'"))
                .containsExactly(List.of("ReleaseOrg", "ORG_NOT_QUARANTINED"));
    }

    @Test
    void an_unknown_org_is_refused() {
        assertThatThrownBy(() -> controls.pause("nobody", "alice"))
                .isInstanceOf(UnknownOrgException.class)
                .hasMessage("no org 'nobody' in the registry; see orgexport orgs list");
    }
}
