package dev.orgexport.schema.report;

import dev.orgexport.schema.OrgexportException;
import dev.orgexport.schema.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * How fresh each org's exports are, per export kind: the newest window exported, and the oldest
 * window still missing with its age. Shared by {@code orgs status}, the web console and the
 * orchestrator's freshness gauges, so the three never disagree. Thread-safe; never writes.
 *
 * <p>A window is <em>missing</em> when it is due and not exported: its run is QUEUED, RUNNING,
 * RETRY_WAIT or FAILED, or it has no run yet although its schedule says it is due (the
 * schedule's next window ended, plus the schedule's lag, before {@code now}: the org is paused
 * or no scheduler runs). CANCELLED runs were given up by an operator and are not missing;
 * windows the scheduler skipped beyond the catch-up limit were never due. Disabled orgs and
 * schedules add no unscheduled windows (their runs still count).
 */
public final class FreshnessView {

    /**
     * One org and export kind.
     *
     * @param newestExportedEnd   end of the newest SUCCEEDED window, or null when none
     * @param missingWindows      due windows not exported (runs not succeeded + due windows without a run)
     * @param oldestMissingStart  start of the oldest missing window, or null when nothing is missing
     * @param oldestMissingAgeSeconds seconds since the oldest missing window ended (how late its data is), 0 when none
     */
    public record Freshness(String orgId, String kind, Instant newestExportedEnd, long missingWindows,
                            Instant oldestMissingStart, long oldestMissingAgeSeconds) {

        public Duration oldestMissingAge() {
            return Duration.ofSeconds(oldestMissingAgeSeconds);
        }
    }

    // One statement: the per-kind aggregates of export_run plus the due-but-unscheduled windows of
    // each enabled schedule. The (org_id, state) index serves the run aggregates.
    private static final String SQL = """
            WITH done AS (
                SELECT org_id, kind, max(window_end) AS newest_end
                FROM export_run WHERE state = 'SUCCEEDED' GROUP BY org_id, kind),
            waiting AS (
                SELECT org_id, kind, count(*) AS windows, min(window_start) AS oldest_start,
                       (array_agg(window_end ORDER BY window_start))[1] AS oldest_end
                FROM export_run WHERE state IN ('QUEUED', 'RUNNING', 'RETRY_WAIT', 'FAILED') GROUP BY org_id, kind),
            unscheduled AS (
                SELECT s.org_id, s.kind, s.next_window_start AS oldest_start, s.next_window_start + s.every AS oldest_end,
                       floor(extract(epoch FROM (?::timestamptz - s.lag - s.next_window_start))
                             / extract(epoch FROM s.every))::bigint AS windows
                FROM export_schedule s JOIN org o ON o.id = s.org_id
                WHERE s.enabled AND o.enabled AND s.next_window_start + s.every + s.lag <= ?::timestamptz),
            pairs AS (
                SELECT org_id, kind FROM export_schedule
                UNION SELECT org_id, kind FROM done
                UNION SELECT org_id, kind FROM waiting)
            SELECT p.org_id, p.kind, d.newest_end,
                   coalesce(w.windows, 0) + coalesce(u.windows, 0) AS missing,
                   CASE WHEN u.oldest_start IS NULL OR w.oldest_start <= u.oldest_start
                        THEN w.oldest_start ELSE u.oldest_start END AS oldest_start,
                   CASE WHEN u.oldest_start IS NULL OR w.oldest_start <= u.oldest_start
                        THEN w.oldest_end ELSE u.oldest_end END AS oldest_end
            FROM pairs p
            LEFT JOIN done d ON d.org_id = p.org_id AND d.kind = p.kind
            LEFT JOIN waiting w ON w.org_id = p.org_id AND w.kind = p.kind
            LEFT JOIN unscheduled u ON u.org_id = p.org_id AND u.kind = p.kind
            ORDER BY p.org_id, p.kind
            """;

    private final DataSource dataSource;

    public FreshnessView(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every org and kind that has a schedule or a run, ordered by org then kind, as of {@code now}. */
    public List<Freshness> perOrgAndKind(Instant now) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SQL)) {
            Sql.setInstant(statement, 1, now);
            Sql.setInstant(statement, 2, now);
            List<Freshness> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Instant oldestEnd = Sql.getInstant(rows, "oldest_end");
                    long age = oldestEnd == null ? 0 : Math.max(0, Duration.between(oldestEnd, now).toSeconds());
                    result.add(new Freshness(rows.getString("org_id"), rows.getString("kind"),
                            Sql.getInstant(rows, "newest_end"), rows.getLong("missing"),
                            Sql.getInstant(rows, "oldest_start"), age));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new OrgexportException("cannot read the freshness of the exports: " + e.getMessage(), e);
        }
    }
}
