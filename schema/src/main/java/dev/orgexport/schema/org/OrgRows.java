package dev.orgexport.schema.org;

import dev.orgexport.schema.db.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The {@code org} table's columns and their mapping to {@link OrgRecord}, shared by the org stores. */
final class OrgRows {

    static final String COLUMNS = "id, name, region, client_id, secret_ref, enabled, paused, organization_id, "
            + "pinned_organization_id, pinned_organization_name, pinned_at, pinned_client_id, pinned_region, "
            + "api_budget_per_minute, service_names";

    private OrgRows() {
    }

    static OrgRecord map(ResultSet rows) throws SQLException {
        OrgPin pin = null;
        String pinned = rows.getString("pinned_organization_id");
        if (pinned != null) {
            Instant at = Sql.getInstant(rows, "pinned_at");
            pin = new OrgPin(pinned, rows.getString("pinned_organization_name"), at, rows.getString("pinned_client_id"),
                    rows.getString("pinned_region"));
        }
        Array names = rows.getArray("service_names");
        List<String> serviceNames = names == null ? null : Arrays.asList((String[]) names.getArray());
        OrgOverrides overrides = new OrgOverrides((Integer) rows.getObject("api_budget_per_minute"), serviceNames);
        return new OrgRecord(rows.getString("id"), rows.getString("name"), rows.getString("region"),
                rows.getString("client_id"), rows.getString("secret_ref"), rows.getBoolean("enabled"),
                rows.getBoolean("paused"), rows.getString("organization_id"), pin, overrides);
    }

    /** Sets the registry-owned identity and override columns at {@code index}, {@code index + 1}, {@code index + 2}. */
    static void setRegistryExtras(Connection connection, PreparedStatement statement, int index, OrgRecord org)
            throws SQLException {
        statement.setString(index, org.organizationId());
        Integer budget = org.overrides().apiBudgetPerMinute();
        if (budget == null) {
            statement.setNull(index + 1, Types.INTEGER);
        } else {
            statement.setInt(index + 1, budget);
        }
        List<String> names = org.overrides().serviceNames();
        if (names == null) {
            statement.setNull(index + 2, Types.ARRAY);
        } else {
            statement.setArray(index + 2, connection.createArrayOf("text", names.toArray()));
        }
    }
}
