package dev.orgexport.orchestrator.registry;

import dev.orgexport.schema.org.OrgOverrides;
import dev.orgexport.schema.org.OrgPin;
import dev.orgexport.schema.org.OrgRecord;
import java.util.List;

/**
 * One org as the registry file declares it, validated: region is the catalog's canonical id,
 * secretRef a reference ({@code env:NAME} or {@code file:/path}), never a secret.
 *
 * @param line           the file line where it starts
 * @param organizationId the platform's organization id (lower-case UUID), or null: pinned on first use
 * @param overrides      per-org settings (API budget, audit service names)
 */
public record OrgDefinition(String id, String name, String region, String clientId, String secretRef,
                            boolean enabled, List<ExportDefinition> exports, int line, String organizationId,
                            OrgOverrides overrides) {

    public OrgDefinition {
        exports = List.copyOf(exports);
        overrides = overrides == null ? OrgOverrides.NONE : overrides;
    }

    /**
     * The org row this definition asks for; {@code paused} is the operator's and {@code pin} the
     * platform's, both from the database.
     */
    OrgRecord toRecord(boolean paused, OrgPin pin) {
        return new OrgRecord(id, name, region, clientId, secretRef, enabled, paused, organizationId, pin, overrides);
    }
}
