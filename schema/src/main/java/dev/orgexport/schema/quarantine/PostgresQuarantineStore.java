package dev.orgexport.schema.quarantine;

import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code org_quarantine} table: one row per quarantined org, visible to every worker.
 * Opening and releasing a quarantine write their audit row in the same transaction, so the
 * audit trail and the table never disagree. Thread-safe.
 */
public class PostgresQuarantineStore {

    private static final String COLUMNS = "org_id, reason, since, until, set_by";

    protected final DataSource dataSource;
    private final Clock clock;
    private final PostgresAuditStore audit;

    public PostgresQuarantineStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new PostgresAuditStore(dataSource);
    }

    /**
     * Quarantines the org, or extends a live quarantine: the earlier {@code since} and the later
     * {@code until} win, since several workers may open their breakers for the same org.
     * Appends {@code event} (action {@code Quarantine}) in the same transaction.
     */
    public void open(OrgQuarantine quarantine, AuditEvent event) {
        String sql = "INSERT INTO org_quarantine AS q (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (org_id) DO UPDATE SET reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, "
                + "since = CASE WHEN q.until > EXCLUDED.since THEN LEAST(q.since, EXCLUDED.since) ELSE EXCLUDED.since END, "
                + "until = GREATEST(q.until, EXCLUDED.until)";
        inTransaction("quarantine org " + quarantine.orgId(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, quarantine.orgId());
                statement.setString(2, quarantine.reason());
                Sql.setInstant(statement, 3, quarantine.since());
                Sql.setInstant(statement, 4, quarantine.until());
                statement.setString(5, quarantine.setBy());
                statement.executeUpdate();
            }
            audit.append(connection, event);
            return true;
        });
    }

    /**
     * Ends the org's quarantine. Appends {@code event} (action {@code Release}) in the same
     * transaction, only when a row was there: of several workers whose breakers close, the
     * first one releases and the others find nothing to do.
     *
     * @return true when a quarantine row was removed
     */
    public boolean release(String orgId, AuditEvent event) {
        return inTransaction("release org " + orgId, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM org_quarantine WHERE org_id = ?")) {
                statement.setString(1, orgId);
                if (statement.executeUpdate() == 0) {
                    return false;
                }
            }
            audit.append(connection, event);
            return true;
        });
    }

    /** The org's quarantine if it is live at the store's clock. */
    public Optional<OrgQuarantine> findLive(String orgId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM org_quarantine WHERE org_id = ? AND until > ?")) {
            statement.setString(1, orgId);
            Sql.setInstant(statement, 2, clock.instant());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new QuarantineStoreException("cannot read the quarantine of org " + orgId, e);
        }
    }

    /** Every quarantine row, expired ones included (they are history until released), by org. */
    public List<OrgQuarantine> findAll() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM org_quarantine ORDER BY org_id");
             ResultSet rows = statement.executeQuery()) {
            List<OrgQuarantine> all = new ArrayList<>();
            while (rows.next()) {
                all.add(map(rows));
            }
            return all;
        } catch (SQLException e) {
            throw new QuarantineStoreException("cannot list quarantined orgs", e);
        }
    }

    @FunctionalInterface
    private interface Work {
        boolean run(Connection connection) throws SQLException;
    }

    private boolean inTransaction(String what, Work work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                boolean result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new QuarantineStoreException("cannot " + what, e);
        }
    }

    private static OrgQuarantine map(ResultSet rows) throws SQLException {
        return new OrgQuarantine(rows.getString("org_id"), rows.getString("reason"), Sql.getInstant(rows, "since"),
                Sql.getInstant(rows, "until"), rows.getString("set_by"));
    }
}
