package dev.orgexport.schema.org;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the {@code org} table. Thread-safe. */
public class PostgresOrgStore {

    private static final String COLUMNS = OrgRows.COLUMNS;

    protected final DataSource dataSource;

    public PostgresOrgStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<OrgRecord> find(String orgId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM org WHERE id = ?")) {
            statement.setString(1, orgId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new OrgStoreException("cannot read org " + orgId, e);
        }
    }

    public List<OrgRecord> findAll() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM org ORDER BY id");
             ResultSet rows = statement.executeQuery()) {
            List<OrgRecord> orgs = new ArrayList<>();
            while (rows.next()) {
                orgs.add(map(rows));
            }
            return orgs;
        } catch (SQLException e) {
            throw new OrgStoreException("cannot list orgs", e);
        }
    }

    private static OrgRecord map(ResultSet rows) throws SQLException {
        return OrgRows.map(rows);
    }
}
