package dev.orgexport.schema.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresQuarantineStoreIT {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static Database database;
    private static PostgresQuarantineStore quarantines;
    private static PostgresAuditStore audit;

    @BeforeAll
    static void database() throws SQLException {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("quarantine");
        database = Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password()));
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String org : List.of("org-a", "org-b", "org-c", "org-d")) {
                statement.execute("INSERT INTO org (id, name, region, client_id, secret_ref) VALUES ('" + org + "', '"
                        + org + "', 'us-east-1', 'client-" + org + "', 'env:SECRET')");
            }
        }
        quarantines = new PostgresQuarantineStore(database.dataSource(), Clock.fixed(T0, ZoneOffset.UTC));
        audit = new PostgresAuditStore(database.dataSource());
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    private static AuditEvent event(String org, String action) {
        // Release rows come a second later, so that reading the trail in date order is deterministic.
        Instant at = action.equals("Release") ? T0.plusSeconds(1) : T0;
        return new AuditEvent(UUID.randomUUID(), at, org, "OrgExport", "SYSTEM", action, "Organization", org, null,
                "WARNING", "CODE", action + " " + org, AuditEvent.Context.NONE);
    }

    private static List<String> actionsOf(String org) {
        return audit.since(T0.minusSeconds(1), org, 100).stream().map(AuditEvent::action).toList();
    }

    @Test
    void opening_a_quarantine_writes_the_row_and_its_audit_row_together() {
        OrgQuarantine quarantine = new OrgQuarantine("org-a", "CREDENTIALS_REJECTED", T0, T0.plusSeconds(300), "worker-1");

        quarantines.open(quarantine, event("org-a", "Quarantine"));

        assertThat(quarantines.findLive("org-a")).contains(quarantine);
        assertThat(actionsOf("org-a")).containsExactly("Quarantine");
    }

    @Test
    void a_second_worker_extends_a_live_quarantine_keeping_its_start() {
        quarantines.open(new OrgQuarantine("org-b", "first", T0.minusSeconds(60), T0.plusSeconds(300), "worker-1"),
                event("org-b", "Quarantine"));
        quarantines.open(new OrgQuarantine("org-b", "second", T0, T0.plusSeconds(120), "worker-2"),
                event("org-b", "Quarantine"));

        OrgQuarantine live = quarantines.findLive("org-b").orElseThrow();
        assertThat(live.since()).isEqualTo(T0.minusSeconds(60));
        assertThat(live.until()).isEqualTo(T0.plusSeconds(300));
        assertThat(live.setBy()).isEqualTo("worker-2");
    }

    @Test
    void release_removes_the_row_and_is_audited_only_by_the_first_releaser() {
        quarantines.open(new OrgQuarantine("org-c", "r", T0, T0.plusSeconds(60), "worker-1"), event("org-c", "Quarantine"));

        assertThat(quarantines.release("org-c", event("org-c", "Release"))).isTrue();
        assertThat(quarantines.release("org-c", event("org-c", "Release"))).isFalse();

        assertThat(quarantines.findLive("org-c")).isEmpty();
        assertThat(actionsOf("org-c")).containsExactly("Quarantine", "Release");
    }

    @Test
    void an_expired_quarantine_is_not_live_but_stays_listed_until_released() {
        quarantines.open(new OrgQuarantine("org-d", "r", T0.minus(Duration.ofHours(2)), T0.minus(Duration.ofHours(1)),
                "worker-1"), event("org-d", "Quarantine"));

        assertThat(quarantines.findLive("org-d")).isEmpty();
        assertThat(quarantines.findAll()).extracting(OrgQuarantine::orgId).contains("org-d");
    }
}
