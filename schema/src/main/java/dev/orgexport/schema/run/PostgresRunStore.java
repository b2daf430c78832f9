package dev.orgexport.schema.run;

import dev.orgexport.schema.db.Sql;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code export_run} table. Every state change names the states it expects in its
 * {@code WHERE} clause: zero rows updated means another instance got there first (normal),
 * more than one would be a bug since {@code run_id} is the primary key.
 * Thread-safe; each call uses its own connection unless one is passed in.
 */
public class PostgresRunStore {

    static final String COLUMNS = "run_id, org_id, kind, window_start, window_end, state, attempt, "
            + "next_attempt_at, lease_owner, lease_expires_at, platform_job_id, platform_job_submitted_at, "
            + "result_location, record_count, byte_count, sha256, last_failure_kind, last_failure_message, "
            + "created_at, updated_at";

    protected final DataSource dataSource;

    public PostgresRunStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts the run in state QUEUED unless a run for the same (org, kind, window start)
     * exists. Runs inside the caller's transaction, so the run and its outbox row commit together.
     *
     * @return true when this call created the run
     */
    public boolean createIfAbsent(Connection connection, NewRun run, Instant now) throws SQLException {
        String sql = "INSERT INTO export_run (run_id, org_id, kind, window_start, window_end, state, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?) ON CONFLICT DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, run.runId());
            statement.setString(2, run.orgId());
            statement.setString(3, run.kind().wireName());
            Sql.setInstant(statement, 4, run.window().start());
            Sql.setInstant(statement, 5, run.window().end());
            Sql.setInstant(statement, 6, now);
            Sql.setInstant(statement, 7, now);
            return statement.executeUpdate() == 1;
        }
    }

    public Optional<Run> find(UUID runId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM export_run WHERE run_id = ?")) {
            statement.setObject(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new RunStoreException("cannot read run " + runId, e);
        }
    }

    /** Maps one row selected with {@link #COLUMNS}. */
    static Run map(ResultSet rows) throws SQLException {
        String location = rows.getString("result_location");
        Run.RunResult result = location == null ? null : new Run.RunResult(location,
                rows.getLong("record_count"), rows.getLong("byte_count"), rows.getString("sha256"));
        return new Run(
                rows.getObject("run_id", UUID.class),
                rows.getString("org_id"),
                ExportKind.fromWireName(rows.getString("kind")),
                new TimeWindow(instant(rows, "window_start"), instant(rows, "window_end")),
                RunState.valueOf(rows.getString("state")),
                rows.getInt("attempt"),
                instant(rows, "next_attempt_at"),
                rows.getString("lease_owner"),
                instant(rows, "lease_expires_at"),
                rows.getString("platform_job_id"),
                instant(rows, "platform_job_submitted_at"),
                result,
                rows.getString("last_failure_kind"),
                rows.getString("last_failure_message"),
                instant(rows, "created_at"),
                instant(rows, "updated_at"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        return Sql.getInstant(rows, column);
    }
}
