package dev.orgexport.schema.org;

import java.time.Instant;
import java.util.Objects;

/**
 * The platform organization an org was pinned to by its first verified token: from then on every
 * token of the org must belong to it (unless {@code organizationId} in orgs.yaml says otherwise).
 *
 * @param organizationId   the token's {@code organization.id} (a UUID on Genesys Cloud)
 * @param organizationName the organization's name as the platform reported it; may be null
 * @param pinnedAt         when it was pinned
 * @param clientId         the OAuth client whose token pinned it
 * @param region           the region that token came from
 */
public record OrgPin(String organizationId, String organizationName, Instant pinnedAt, String clientId,
                     String region) {

    public OrgPin {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(pinnedAt, "pinnedAt");
    }

    /** "uuid (Name)" for messages and listings. */
    public String describe() {
        return organizationId + (organizationName == null ? "" : " (" + organizationName + ")");
    }
}
