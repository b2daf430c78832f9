package dev.orgexport.schema.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.report.FreshnessView.Freshness;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The freshness view on a real PostgreSQL whose session time zone is not UTC: succeeded, waiting
 * and failed runs, a paused org whose schedule fell behind, and a cancelled run that is not missing.
 */
class FreshnessViewIT {

    private static final Instant NOW = Instant.parse("2026-12-02T12:30:00Z");

    private static Database database;

    @BeforeAll
    static void seed() throws SQLException {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("freshness");
        database = Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password()));
        try (Connection connection = database.dataSource().getConnection();
             Statement sql = connection.createStatement()) {
            sql.execute("SET TIME ZONE 'America/Los_Angeles'");
            for (String org : List.of("alpha", "beta", "gamma")) {
                sql.execute("INSERT INTO org (id, name, region, client_id, secret_ref) VALUES ('" + org + "', '" + org
                        + "', 'us-east-1', 'c-" + org + "', 'env:S')");
            }
            // alpha: scheduler up to date; 08:00 and 09:00 exported, 10:00 failed, 11:00 waiting.
            schedule(sql, "alpha", "audit-events", "2026-12-02T12:00:00Z", "0");
            run(sql, "alpha", "audit-events", "2026-12-02T08:00:00Z", "SUCCEEDED");
            run(sql, "alpha", "audit-events", "2026-12-02T09:00:00Z", "SUCCEEDED");
            run(sql, "alpha", "audit-events", "2026-12-02T10:00:00Z", "FAILED");
            run(sql, "alpha", "audit-events", "2026-12-02T11:00:00Z", "RETRY_WAIT");
            // beta: everything exported up to 12:00, one cancelled window is not missing.
            schedule(sql, "beta", "user-details", "2026-12-02T12:00:00Z", "0");
            run(sql, "beta", "user-details", "2026-12-02T10:00:00Z", "CANCELLED");
            run(sql, "beta", "user-details", "2026-12-02T11:00:00Z", "SUCCEEDED");
            // gamma: paused since 09:00: no runs were created for 09:00, 10:00, 11:00 (lag 10 min;
            // 11:00-12:00 plus lag ended 12:10, before 12:30).
            schedule(sql, "gamma", "conversation-details", "2026-12-02T09:00:00Z", "10");
            run(sql, "gamma", "conversation-details", "2026-12-02T08:00:00Z", "SUCCEEDED");
            sql.execute("UPDATE org SET paused = true WHERE id = 'gamma'");
        }
    }

    private static void schedule(Statement sql, String org, String kind, String next, String lagMinutes) throws SQLException {
        sql.execute("INSERT INTO export_schedule (org_id, kind, every, lag, catch_up, next_window_start) VALUES ('" + org
                + "', '" + kind + "', interval '1 hour', interval '" + lagMinutes + " minutes', interval '1 day', '" + next + "')");
    }

    private static void run(Statement sql, String org, String kind, String start, String state) throws SQLException {
        Instant from = Instant.parse(start);
        String result = state.equals("SUCCEEDED") ? ", 'file:/x', 1, 1, '" + "ab".repeat(32) + "'" : ", NULL, NULL, NULL, NULL";
        sql.execute("INSERT INTO export_run (run_id, org_id, kind, window_start, window_end, state, result_location, "
                + "record_count, byte_count, sha256) VALUES ('" + UUID.randomUUID() + "', '" + org + "', '" + kind + "', '"
                + from + "', '" + from.plus(Duration.ofHours(1)) + "', '" + state + "'" + result + ")");
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    private static List<Freshness> view() {
        return new FreshnessView(database.dataSource()).perOrgAndKind(NOW);
    }

    @Test
    void the_newest_exported_window_and_the_oldest_failed_or_waiting_one_are_reported_per_org_and_kind() {
        Freshness alpha = view().get(0);

        assertThat(alpha.orgId()).isEqualTo("alpha");
        assertThat(alpha.kind()).isEqualTo("audit-events");
        assertThat(alpha.newestExportedEnd()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(alpha.missingWindows()).isEqualTo(2);
        assertThat(alpha.oldestMissingStart()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(alpha.oldestMissingAge()).as("the 10:00 window ended at 11:00, 90 minutes before now")
                .isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void a_cancelled_window_is_not_missing() {
        Freshness beta = view().get(1);

        assertThat(beta.orgId()).isEqualTo("beta");
        assertThat(beta.newestExportedEnd()).isEqualTo(Instant.parse("2026-12-02T12:00:00Z"));
        assertThat(beta.missingWindows()).isZero();
        assertThat(beta.oldestMissingStart()).isNull();
        assertThat(beta.oldestMissingAgeSeconds()).isZero();
    }

    @Test
    void due_windows_a_paused_org_never_got_a_run_for_are_missing() {
        Freshness gamma = view().get(2);

        assertThat(gamma.orgId()).isEqualTo("gamma");
        assertThat(gamma.newestExportedEnd()).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
        assertThat(gamma.missingWindows()).as("09:00, 10:00 and 11:00").isEqualTo(3);
        assertThat(gamma.oldestMissingStart()).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
        assertThat(gamma.oldestMissingAge()).isEqualTo(Duration.ofMinutes(150));
    }

    @Test
    void every_org_and_kind_with_a_schedule_or_a_run_is_listed_once_in_order() {
        assertThat(view()).extracting(f -> f.orgId() + "/" + f.kind())
                .containsExactly("alpha/audit-events", "beta/user-details", "gamma/conversation-details");
    }
}
