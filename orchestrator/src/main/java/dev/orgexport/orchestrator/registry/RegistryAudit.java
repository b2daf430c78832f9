package dev.orgexport.orchestrator.registry;

import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One USER audit row per org an applied registry changed, written in the apply's transaction, as
 * the admin console records a configuration change: {@code AddOrg}, {@code UpdateOrg},
 * {@code DisableOrg}, and {@code ChangeOrgIdentity} (a new organizationId or clientId, which
 * decides whose data is exported under the org's name). The message names the file, the operator
 * and every detail of the diff; secrets appear only as the references the file holds.
 */
final class RegistryAudit {

    private static final String SERVICE = "orgexport";

    private final PostgresAuditStore audit;
    private final Supplier<UUID> ids;

    RegistryAudit(PostgresAuditStore audit, Supplier<UUID> ids) {
        this.audit = audit;
        this.ids = ids;
    }

    /**
     * @param names   each org's name and region as the file or the table had them, for the row's entity
     * @param source  the registry file, as the operator named it
     */
    void record(Connection connection, RegistryDiff diff, Map<String, Entity> names, String source, String operator,
                Instant now) throws SQLException {
        append(connection, diff.added(), "AddOrg", "ORG_ADDED", "added to the registry", names, source, operator, now);
        append(connection, diff.changed(), "UpdateOrg", "ORG_CHANGED", "changed", names, source, operator, now);
        append(connection, diff.disabled(), "DisableOrg", "ORG_DISABLED", "disabled", names, source, operator, now);
        append(connection, diff.identity(), "ChangeOrgIdentity", "ORG_IDENTITY_CHANGED", "given another identity",
                names, source, operator, now);
    }

    /** The org an audit row is about: its name and region, either may be null. */
    record Entity(String name, String region) {
    }

    private void append(Connection connection, List<RegistryDiff.Change> changes, String action, String code, String verb,
                        Map<String, Entity> names, String source, String operator, Instant now) throws SQLException {
        for (RegistryDiff.Change change : changes) {
            Entity entity = names.getOrDefault(change.orgId(), new Entity(null, null));
            String message = "org " + change.orgId() + " " + verb + " by " + operator + " applying " + source + ": "
                    + String.join("; ", change.details());
            audit.append(connection, new AuditEvent(ids.get(), now, change.orgId(), SERVICE, "USER", action, "Org",
                    change.orgId(), entity.name(), "SUCCESS", code, message,
                    new AuditEvent.Context(entity.region(), null, null, null, null, null, null, null, null, null)));
        }
    }
}
