package dev.orgexport.schema.org;

import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Pins an org to the platform organization of its first verified token, once, race-safe across
 * processes: a guarded {@code UPDATE ... WHERE pinned_organization_id IS NULL} lets exactly one
 * writer win, that writer appends the audit row in the same transaction, and every caller then
 * re-reads the pin, so a loser learns the winner's organization and compares its token with it.
 * Thread-safe.
 */
public class PostgresOrgPins {

    private final DataSource dataSource;
    private final PostgresAuditStore audit;

    public PostgresOrgPins(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.audit = new PostgresAuditStore(dataSource);
    }

    /**
     * The org's pin after trying to set it to {@code candidate}.
     *
     * @param auditRow builds the audit row recording the pinning; called and written only when this
     *                 call pinned the org
     * @return the pin now stored (the candidate, or an earlier one that won), and whether this call set it;
     *         empty when the org does not exist (any more)
     */
    public Optional<Outcome> pin(String orgId, OrgPin candidate, Function<OrgPin, AuditEvent> auditRow) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                boolean won = update(connection, orgId, candidate);
                if (won) {
                    audit.append(connection, auditRow.apply(candidate));
                }
                connection.commit();
                return read(connection, orgId).map(pin -> new Outcome(pin, won));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OrgStoreException("cannot pin org " + orgId + " to organization " + candidate.organizationId(), e);
        }
    }

    /**
     * @param pin    the org's pin as stored
     * @param pinned whether this call stored it
     */
    public record Outcome(OrgPin pin, boolean pinned) {
    }

    private static boolean update(Connection connection, String orgId, OrgPin candidate) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE org SET pinned_organization_id = ?, pinned_organization_name = ?, pinned_at = ?, "
                        + "pinned_client_id = ?, pinned_region = ? WHERE id = ? AND pinned_organization_id IS NULL")) {
            statement.setString(1, candidate.organizationId());
            statement.setString(2, candidate.organizationName());
            Sql.setInstant(statement, 3, candidate.pinnedAt());
            statement.setString(4, candidate.clientId());
            statement.setString(5, candidate.region());
            statement.setString(6, orgId);
            int updated = statement.executeUpdate();
            if (updated > 1) {
                throw new IllegalStateException("pinned " + updated + " org rows for id " + orgId
                        + "; should never happen since id is the primary key");
            }
            return updated == 1;
        }
    }

    private static Optional<OrgPin> read(Connection connection, String orgId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + OrgRows.COLUMNS + " FROM org WHERE id = ?")) {
            statement.setString(1, orgId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(OrgRows.map(rows).pin()) : Optional.empty();
            }
        }
    }
}
