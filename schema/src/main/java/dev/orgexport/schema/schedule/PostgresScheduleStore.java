package dev.orgexport.schema.schedule;

import dev.orgexport.schema.db.Sql;
import dev.orgexport.schema.task.ExportKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code export_schedule} table. Durations are stored as intervals of whole seconds, so
 * {@code timestamptz + every} in SQL and {@code Instant.plus(every)} in Java agree to the second.
 *
 * <p>Several schedulers may run against one database: {@link #lockDue} is the one place where
 * schedules are taken with {@code FOR UPDATE SKIP LOCKED}, so each due schedule is handled by one
 * instance per transaction, and {@link #advance} names the window start it expects.
 * Thread-safe; methods taking a {@link Connection} run inside the caller's transaction.
 */
public class PostgresScheduleStore {

    private static final String COLUMNS = "s.org_id, s.kind, EXTRACT(EPOCH FROM s.every)::bigint AS every_s, "
            + "EXTRACT(EPOCH FROM s.lag)::bigint AS lag_s, EXTRACT(EPOCH FROM s.catch_up)::bigint AS catch_up_s, "
            + "s.next_window_start, s.enabled";

    protected final DataSource dataSource;

    public PostgresScheduleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Locks up to {@code limit} enabled schedules of enabled, unpaused orgs whose next window has
     * ended at least {@code lag} before {@code now}, oldest window first. Schedules locked by another
     * transaction are skipped, not waited for; the locks last until the caller's transaction ends.
     */
    public List<ExportSchedule> lockDue(Connection connection, Instant now, int limit) throws SQLException {
        // next_window_start <= now is implied by the second condition; it lets the planner use
        // the partial index export_schedule_due.
        String sql = "SELECT " + COLUMNS + " FROM export_schedule s JOIN org o ON o.id = s.org_id "
                + "WHERE s.enabled AND o.enabled AND NOT o.paused AND s.next_window_start <= ? "
                + "AND s.next_window_start + s.every + s.lag <= ? "
                + "ORDER BY s.next_window_start, s.org_id, s.kind LIMIT ? "
                + "FOR UPDATE OF s SKIP LOCKED";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.setInstant(statement, 1, now);
            Sql.setInstant(statement, 2, now);
            statement.setInt(3, limit);
            return list(statement);
        }
    }

    /**
     * Moves each schedule's next window start from the expected value to the new one, in one
     * statement.
     *
     * @throws IllegalStateException when a schedule did not hold the expected value: the caller
     *                               locked them with {@link #lockDue}, so this should never happen
     */
    public void advance(Connection connection, List<Advance> advances, Instant now) throws SQLException {
        if (advances.isEmpty()) {
            return;
        }
        int size = advances.size();
        String[] orgIds = new String[size];
        String[] kinds = new String[size];
        String[] expected = new String[size];
        String[] next = new String[size];
        for (int i = 0; i < size; i++) {
            Advance advance = advances.get(i);
            orgIds[i] = advance.orgId();
            kinds[i] = advance.kind().wireName();
            // ISO-8601 with 'Z': PostgreSQL reads it as that instant whatever the session's zone.
            expected[i] = advance.expectedNextWindowStart().toString();
            next[i] = advance.nextWindowStart().toString();
        }
        String sql = "UPDATE export_schedule s SET next_window_start = t.next::timestamptz, updated_at = ? "
                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(org_id, kind, expected, next) "
                + "WHERE s.org_id = t.org_id AND s.kind = t.kind AND s.next_window_start = t.expected::timestamptz";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.setInstant(statement, 1, now);
            statement.setArray(2, connection.createArrayOf("text", orgIds));
            statement.setArray(3, connection.createArrayOf("text", kinds));
            statement.setArray(4, connection.createArrayOf("text", expected));
            statement.setArray(5, connection.createArrayOf("text", next));
            int updated = statement.executeUpdate();
            if (updated != size) {
                throw new IllegalStateException("advancing " + size + " schedules updated " + updated + " rows; should "
                        + "never happen since the rows are locked and (org_id, kind) is the primary key");
            }
        }
    }

    /** Every schedule, enabled or not, ordered by org and kind. */
    public List<ExportSchedule> findAll(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM export_schedule s ORDER BY s.org_id, s.kind")) {
            return list(statement);
        }
    }

    /** Every schedule, enabled or not, ordered by org and kind. */
    public List<ExportSchedule> findAll() {
        try (Connection connection = dataSource.getConnection()) {
            return findAll(connection);
        } catch (SQLException e) {
            throw new ScheduleStoreException("cannot list export schedules", e);
        }
    }

    public Optional<ExportSchedule> find(String orgId, ExportKind kind) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM export_schedule s WHERE s.org_id = ? AND s.kind = ?")) {
            statement.setString(1, orgId);
            statement.setString(2, kind.wireName());
            List<ExportSchedule> found = list(statement);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        } catch (SQLException e) {
            throw new ScheduleStoreException("cannot read export schedule " + orgId + "/" + kind, e);
        }
    }

    /** Inserts new schedules, each with its first window start, in one batch. */
    public void insertAll(Connection connection, List<ExportSchedule> newSchedules, Instant now) throws SQLException {
        if (newSchedules.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO export_schedule (org_id, kind, every, lag, catch_up, next_window_start, enabled, updated_at) "
                + "VALUES (?, ?, ? * interval '1 second', ? * interval '1 second', ? * interval '1 second', ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (ExportSchedule schedule : newSchedules) {
                statement.setString(1, schedule.orgId());
                statement.setString(2, schedule.kind().wireName());
                statement.setLong(3, seconds(schedule.every()));
                statement.setLong(4, seconds(schedule.lag()));
                statement.setLong(5, seconds(schedule.catchUp()));
                Sql.setInstant(statement, 6, schedule.nextWindowStart());
                statement.setBoolean(7, schedule.enabled());
                Sql.setInstant(statement, 8, now);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Updates every, lag, catch-up and enabled of an existing schedule. The next window start is
     * kept, so windows stay contiguous when {@code every} changes.
     *
     * @return false when no such schedule exists
     */
    public boolean updateDefinition(Connection connection, ExportSchedule schedule, Instant now) throws SQLException {
        String sql = "UPDATE export_schedule SET every = ? * interval '1 second', lag = ? * interval '1 second', "
                + "catch_up = ? * interval '1 second', enabled = ?, updated_at = ? WHERE org_id = ? AND kind = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, seconds(schedule.every()));
            statement.setLong(2, seconds(schedule.lag()));
            statement.setLong(3, seconds(schedule.catchUp()));
            statement.setBoolean(4, schedule.enabled());
            Sql.setInstant(statement, 5, now);
            statement.setString(6, schedule.orgId());
            statement.setString(7, schedule.kind().wireName());
            return statement.executeUpdate() == 1;
        }
    }

    private static long seconds(Duration duration) {
        if (duration.getNano() != 0) {
            throw new IllegalArgumentException("schedule durations are whole seconds, but got " + duration);
        }
        return duration.getSeconds();
    }

    private static List<ExportSchedule> list(PreparedStatement statement) throws SQLException {
        List<ExportSchedule> schedules = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                schedules.add(new ExportSchedule(rows.getString("org_id"),
                        ExportKind.fromWireName(rows.getString("kind")),
                        Duration.ofSeconds(rows.getLong("every_s")),
                        Duration.ofSeconds(rows.getLong("lag_s")),
                        Duration.ofSeconds(rows.getLong("catch_up_s")),
                        Sql.getInstant(rows, "next_window_start"),
                        rows.getBoolean("enabled")));
            }
        }
        return schedules;
    }

    /** Move the schedule of (org, kind) from {@code expectedNextWindowStart} to {@code nextWindowStart}. */
    public record Advance(String orgId, ExportKind kind, Instant expectedNextWindowStart, Instant nextWindowStart) {
    }
}
