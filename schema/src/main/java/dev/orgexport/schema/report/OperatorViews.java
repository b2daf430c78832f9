package dev.orgexport.schema.report;

import dev.orgexport.schema.OrgexportException;
import dev.orgexport.schema.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Read-only views for operators ({@code orgexport runs}, {@code orgs status},
 * {@code audit summary}): what ran, what is waiting, and which org is broken and why.
 * Thread-safe; never writes.
 */
public final class OperatorViews {

    /** One run as listed by {@code orgexport runs}. */
    public record RunLine(UUID runId, String orgId, String kind, Instant windowStart, Instant windowEnd, String state,
                          int attempt, Instant nextAttemptAt, Long records, String sha256, String location,
                          String lastFailureKind, String lastFailureMessage) {
    }

    /** Runs of one org in one state. */
    public record RunCount(String orgId, String state, long runs) {
    }

    /** Per org: auth failures by kind since an instant, the latest failure and its hint, quarantine. */
    public record AuditSummaryLine(String orgId, String failureKind, long failures, Instant lastFailure,
                                   String lastMessage, String hint, Instant quarantinedUntil) {
    }

    private final DataSource dataSource;

    public OperatorViews(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs, newest window first, optionally of one org and/or one state. */
    public List<RunLine> runs(String orgIdOrNull, String stateOrNull, int limit) {
        String sql = "SELECT run_id, org_id, kind, window_start, window_end, state, attempt, next_attempt_at, "
                + "record_count, sha256, result_location, last_failure_kind, last_failure_message FROM export_run "
                + "WHERE (?::text IS NULL OR org_id = ?) AND (?::text IS NULL OR state = ?) "
                + "ORDER BY window_start DESC, org_id, kind LIMIT ?";
        return query(sql, rows -> new RunLine(rows.getObject("run_id", UUID.class), rows.getString("org_id"),
                rows.getString("kind"), Sql.getInstant(rows, "window_start"), Sql.getInstant(rows, "window_end"),
                rows.getString("state"), rows.getInt("attempt"), Sql.getInstant(rows, "next_attempt_at"),
                (Long) rows.getObject("record_count"), rows.getString("sha256"), rows.getString("result_location"),
                rows.getString("last_failure_kind"), rows.getString("last_failure_message")),
                orgIdOrNull, orgIdOrNull, stateOrNull, stateOrNull, limit);
    }

    /** Run counts per org and state, for every org (orgs without runs are absent). */
    public List<RunCount> runCounts() {
        return query("SELECT org_id, state, count(*) AS runs FROM export_run GROUP BY org_id, state ORDER BY org_id, state",
                rows -> new RunCount(rows.getString("org_id"), rows.getString("state"), rows.getLong("runs")));
    }

    /**
     * Auth failures per org and kind since the instant, with the latest message and hint, and
     * the quarantine that is live at {@code now} (the caller's clock, as the workers use theirs).
     */
    public List<AuditSummaryLine> auditSummary(Instant since, Instant now) {
        String sql = "SELECT a.org_id, a.failure_kind, count(*) AS failures, max(a.event_date) AS last_failure, "
                + "(array_agg(a.message ORDER BY a.event_date DESC))[1] AS last_message, "
                + "(array_agg(a.diagnosis ORDER BY a.event_date DESC))[1] AS hint, q.until AS quarantined_until "
                + "FROM audit_event a LEFT JOIN org_quarantine q ON q.org_id = a.org_id AND q.until > ? "
                + "WHERE a.event_date >= ? AND a.failure_kind IS NOT NULL "
                + "GROUP BY a.org_id, a.failure_kind, q.until ORDER BY a.org_id, failures DESC";
        return query(sql, rows -> new AuditSummaryLine(rows.getString("org_id"), rows.getString("failure_kind"),
                rows.getLong("failures"), Sql.getInstant(rows, "last_failure"), rows.getString("last_message"),
                rows.getString("hint"), Sql.getInstant(rows, "quarantined_until")), now, since);
    }

    private interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof Instant instant) {
                    Sql.setInstant(statement, i + 1, instant);
                } else {
                    statement.setObject(i + 1, parameters[i]);
                }
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new OrgexportException("cannot read the operator view: " + e.getMessage(), e);
        }
    }
}
