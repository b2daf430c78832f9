package dev.orgexport.orchestrator.sweep;

import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Clears quarantine rows whose {@code until} has passed, each with a SYSTEM audit row in the same
 * transaction. The delete names the expiry it expects ({@code until <= now}), so a quarantine that
 * a worker extended in the meantime stays. (PostgresQuarantineStore has no such guarded delete
 * yet; its {@code release} removes the row whatever its expiry, which is right for an operator
 * but not for the sweeper.)
 */
final class ExpiredQuarantines {

    private final PostgresAuditStore audit;

    ExpiredQuarantines(PostgresAuditStore audit) {
        this.audit = audit;
    }

    /** Deletes up to {@code limit} expired quarantines; returns the org ids released. */
    List<String> clear(Connection connection, Instant now, int limit) throws SQLException {
        String sql = "DELETE FROM org_quarantine WHERE org_id IN "
                + "(SELECT org_id FROM org_quarantine WHERE until <= ? ORDER BY until LIMIT ?) AND until <= ? "
                + "RETURNING org_id, reason, since, until";
        List<String> released = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.setInstant(statement, 1, now);
            statement.setInt(2, limit);
            Sql.setInstant(statement, 3, now);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String orgId = rows.getString("org_id");
                    Instant since = Sql.getInstant(rows, "since");
                    Instant until = Sql.getInstant(rows, "until");
                    audit.append(connection, event(orgId, rows.getString("reason"), since, until, now));
                    released.add(orgId);
                }
            }
        }
        return released;
    }

    private static AuditEvent event(String orgId, String reason, Instant since, Instant until, Instant now) {
        String name = "orgexport-quarantine-expired|" + orgId + "|" + since + "|" + until;
        return new AuditEvent(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), now, orgId, "orgexport",
                "SYSTEM", "ExpireQuarantine", "Org", orgId, null, "SUCCESS", "QUARANTINE_EXPIRED",
                "quarantine of org " + orgId + " (" + reason + ", since " + since + ") expired at " + until
                        + "; its waiting runs are due again", null);
    }
}
