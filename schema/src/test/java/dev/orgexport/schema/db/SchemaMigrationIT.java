package dev.orgexport.schema.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.run.NewRun;
import dev.orgexport.schema.run.PostgresRunStore;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The V1 schema on a real PostgreSQL 17: tables, constraints and the append-only audit trail. */
class SchemaMigrationIT {

    private static Database database;

    @BeforeAll
    static void migrate_a_fresh_database() {
        long begin = System.nanoTime();
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("schema");
        System.out.printf("PostgreSQL: %s (fresh database %s ready in %d ms)%n",
                PostgresProvider.shared().description(), fresh.name(), (System.nanoTime() - begin) / 1_000_000);
        database = Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password()));
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void a_fresh_database_gets_every_table_of_the_design() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             var rows = connection.createStatement().executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        assertThat(tables).contains("org", "export_schedule", "export_run", "outbox", "org_quarantine", "audit_event");
    }

    @Test
    void audit_events_can_be_appended_but_never_updated_deleted_or_truncated() throws SQLException {
        PostgresAuditStore audit = new PostgresAuditStore(database.dataSource());
        UUID id = UUID.randomUUID();
        audit.append(new AuditEvent(id, Instant.parse("2026-11-28T10:00:00Z"), "org-a", "PeoplePermissions", "SYSTEM",
                "Authenticate", "OAuthClient", "client-1", null, "FAILURE", "CREDENTIALS_REJECTED",
                "authentication failed", null));

        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE audit_event SET message = 'changed' WHERE id = '" + id + "'"))
                    .hasMessageContaining("audit_event is append-only: UPDATE");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_event WHERE id = '" + id + "'"))
                    .hasMessageContaining("audit_event is append-only: DELETE");
            assertThatThrownBy(() -> statement.executeUpdate("TRUNCATE audit_event"))
                    .hasMessageContaining("audit_event is append-only: TRUNCATE");
        }
        assertThat(audit.since(Instant.EPOCH, "org-a", 10)).extracting(AuditEvent::id).containsExactly(id);
    }

    @Test
    void a_window_is_created_once_whoever_creates_it() throws SQLException {
        insertOrg("org-w");
        PostgresRunStore runs = new PostgresRunStore(database.dataSource());
        NewRun run = new NewRun("org-w", ExportKind.USER_DETAILS,
                new TimeWindow(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-11-28T01:00:00Z")));
        Instant now = Instant.parse("2026-11-28T01:05:00Z");

        boolean first;
        boolean second;
        try (Connection connection = database.dataSource().getConnection()) {
            first = runs.createIfAbsent(connection, run, now);
            second = runs.createIfAbsent(connection, run, now);
        }

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        Run stored = runs.find(run.runId()).orElseThrow();
        assertThat(stored.state()).isEqualTo(RunState.QUEUED);
        assertThat(stored.window()).isEqualTo(run.window());
        assertThat(stored.createdAt()).isEqualTo(now);
    }

    @Test
    void the_database_rejects_rows_that_break_the_model() throws SQLException {
        insertOrg("org-c");
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO org (id, name, region, client_id, secret_ref) "
                    + "VALUES ('org-s', 'S', 'us-east-1', 'c', 'plain-secret-value')"))
                    .as("a secret given as a value instead of a reference")
                    .hasMessageContaining("org_secret_ref_check");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO export_run (run_id, org_id, kind, window_start, "
                    + "window_end, state) VALUES (gen_random_uuid(), 'org-c', 'user-details', now(), now() - interval '1 hour', 'QUEUED')"))
                    .hasMessageContaining("export_run_window_order");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO export_run (run_id, org_id, kind, window_start, "
                    + "window_end, state) VALUES (gen_random_uuid(), 'org-c', 'user-details', now(), now() + interval '1 hour', 'SUCCEEDED')"))
                    .as("a SUCCEEDED run without its result")
                    .hasMessageContaining("export_run_succeeded_has_result");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO export_run (run_id, org_id, kind, window_start, "
                    + "window_end, state) VALUES (gen_random_uuid(), 'no-such-org', 'user-details', now(), now() + interval '1 hour', 'QUEUED')"))
                    .hasMessageContaining("export_run_org_id_fkey");
        }
    }

    @Test
    void an_unreachable_database_fails_fast_naming_the_url_but_never_the_password() {
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/nowhere?password=hunter2", "orgexport",
                "s3cret-password", 1, java.time.Duration.ofMillis(500));

        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/nowhere")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret-password");
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("s3cret-password");
    }

    private static void insertOrg(String id) throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO org (id, name, region, client_id, secret_ref) VALUES ('" + id
                    + "', 'Org', 'us-east-1', 'client', 'env:ORG_SECRET')");
        }
    }
}
