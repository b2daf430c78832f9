package dev.orgexport.orchestrator.registry;

import dev.orgexport.schema.org.OrgRecord;
import java.util.List;

/**
 * One org as the registry file declares it, validated: region is the catalog's canonical id,
 * secretRef a reference ({@code env:NAME} or {@code file:/path}), never a secret.
 *
 * @param line the file line where it starts
 */
public record OrgDefinition(String id, String name, String region, String clientId, String secretRef,
                            boolean enabled, List<ExportDefinition> exports, int line) {

    public OrgDefinition {
        exports = List.copyOf(exports);
    }

    /** The org row this definition asks for; {@code paused} is the operator's and comes from the database. */
    OrgRecord toRecord(boolean paused) {
        return new OrgRecord(id, name, region, clientId, secretRef, enabled, paused);
    }
}
