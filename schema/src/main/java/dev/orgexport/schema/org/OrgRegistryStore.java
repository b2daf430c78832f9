package dev.orgexport.schema.org;

import dev.orgexport.schema.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the {@code org} table for the registry ({@code orgs.yaml} apply) and the operator
 * controls (pause, resume). Orgs are never deleted: an org missing from the registry is disabled,
 * so its runs and audit history stay. The registry owns every column except {@code paused}, which
 * belongs to the operator. Every method runs inside the caller's transaction. Thread-safe.
 */
public class OrgRegistryStore {

    /** The advisory lock key that serializes registry applies across processes. */
    static final long REGISTRY_LOCK_KEY = 0x6f72672d72656769L; // "org-regi"

    private static final String COLUMNS = OrgRows.COLUMNS;

    /** Waits for and takes the registry lock until the caller's transaction ends. */
    public void lockRegistry(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            statement.setLong(1, REGISTRY_LOCK_KEY);
            statement.executeQuery().close();
        }
    }

    /** Every org, enabled or not, ordered by id. */
    public List<OrgRecord> findAll(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM org ORDER BY id");
             ResultSet rows = statement.executeQuery()) {
            List<OrgRecord> orgs = new ArrayList<>();
            while (rows.next()) {
                orgs.add(map(rows));
            }
            return orgs;
        }
    }

    /** Reads one org and locks its row until the caller's transaction ends. */
    public Optional<OrgRecord> lock(Connection connection, String orgId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM org WHERE id = ? FOR UPDATE")) {
            statement.setString(1, orgId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        }
    }

    /** Inserts new orgs in one batch; {@code paused} starts false whatever the records say. */
    public void insertAll(Connection connection, List<OrgRecord> orgs, Instant now) throws SQLException {
        if (orgs.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO org (id, name, region, client_id, secret_ref, enabled, paused, created_at, updated_at, "
                        + "organization_id, api_budget_per_minute, service_names) "
                        + "VALUES (?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?, ?)")) {
            for (OrgRecord org : orgs) {
                statement.setString(1, org.id());
                statement.setString(2, org.name());
                statement.setString(3, org.region());
                statement.setString(4, org.clientId());
                statement.setString(5, org.secretRef());
                statement.setBoolean(6, org.enabled());
                Sql.setInstant(statement, 7, now);
                Sql.setInstant(statement, 8, now);
                OrgRows.setRegistryExtras(connection, statement, 9, org);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Updates what the registry owns (name, region, client id, secret reference, enabled,
     * organization id, overrides) and the pin as {@code org} carries it (apply clears a pin that
     * no longer holds); leaves {@code paused} as the operator set it.
     *
     * @return false when no such org exists
     */
    public boolean update(Connection connection, OrgRecord org, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE org SET name = ?, region = ?, client_id = ?, secret_ref = ?, enabled = ?, updated_at = ?, "
                        + "organization_id = ?, api_budget_per_minute = ?, service_names = ?, "
                        // A pin is only ever cleared here, never set: setting is PostgresOrgPins' guarded update.
                        + "pinned_organization_id = CASE WHEN ? THEN pinned_organization_id END, "
                        + "pinned_organization_name = CASE WHEN ? THEN pinned_organization_name END, "
                        + "pinned_at = CASE WHEN ? THEN pinned_at END, "
                        + "pinned_client_id = CASE WHEN ? THEN pinned_client_id END, "
                        + "pinned_region = CASE WHEN ? THEN pinned_region END "
                        + "WHERE id = ?")) {
            statement.setString(1, org.name());
            statement.setString(2, org.region());
            statement.setString(3, org.clientId());
            statement.setString(4, org.secretRef());
            statement.setBoolean(5, org.enabled());
            Sql.setInstant(statement, 6, now);
            OrgRows.setRegistryExtras(connection, statement, 7, org);
            boolean keepPin = org.pin() != null;
            for (int i = 10; i <= 14; i++) {
                statement.setBoolean(i, keepPin);
            }
            statement.setString(15, org.id());
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Sets the operator's pause flag.
     *
     * @return false when no such org exists
     */
    public boolean setPaused(Connection connection, String orgId, boolean paused, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE org SET paused = ?, updated_at = ? WHERE id = ?")) {
            statement.setBoolean(1, paused);
            Sql.setInstant(statement, 2, now);
            statement.setString(3, orgId);
            return statement.executeUpdate() == 1;
        }
    }

    private static OrgRecord map(ResultSet rows) throws SQLException {
        return OrgRows.map(rows);
    }
}
