package dev.orgexport.schema.org;

import dev.orgexport.schema.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@code org_control} table: operator actions every worker must act on within seconds
 * (a release closes each worker's in-memory breaker of the org). The orchestrator appends in the
 * transaction of the action; each worker reads the rows after the last sequence number it saw.
 * Thread-safe.
 */
public class OrgControlLog {

    /** What an operator did to an org. */
    public enum Action { RELEASE, PAUSE, RESUME }

    /** One row: its sequence number orders the actions. */
    public record Entry(long seq, String orgId, Action action, Instant at) {
    }

    private final DataSource dataSource;

    public OrgControlLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends inside the caller's transaction. */
    public void append(Connection connection, String orgId, Action action, String operator, Instant at)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO org_control (org_id, action, operator, at) VALUES (?, ?, ?, ?)")) {
            statement.setString(1, orgId);
            statement.setString(2, action.name());
            statement.setString(3, Objects.requireNonNull(operator, "operator"));
            Sql.setInstant(statement, 4, at);
            statement.executeUpdate();
        }
    }

    /** The newest sequence number, 0 when the table is empty: where a starting worker begins. */
    public long latest() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT coalesce(max(seq), 0) FROM org_control");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new OrgStoreException("cannot read the newest org control", e);
        }
    }

    /** The actions after {@code seq}, oldest first, at most {@code limit}. */
    public List<Entry> after(long seq, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT seq, org_id, action, at FROM org_control WHERE seq > ? ORDER BY seq LIMIT ?")) {
            statement.setLong(1, seq);
            statement.setInt(2, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getString(2), Action.valueOf(rows.getString(3)),
                            Sql.getInstant(rows, "at")));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new OrgStoreException("cannot read org controls after " + seq, e);
        }
    }
}
