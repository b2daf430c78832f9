package dev.orgexport.console.read;

import java.time.Instant;

/**
 * An org as the console shows it. The organization fields come from columns that schema
 * version 3 adds; against an older schema they are null.
 *
 * @param organizationId         the platform organization id the registry gives, or null
 * @param pinnedOrganizationId   the organization of the org's first verified token, or null
 * @param pinnedOrganizationName that organization's name, or null
 * @param pinnedRegion           the region where that token was issued, or null
 * @param pinnedAt               when it was pinned, or null
 */
public record OrgSummary(String id, String name, String region, boolean enabled, boolean paused, String organizationId,
                         String pinnedOrganizationId, String pinnedOrganizationName, String pinnedRegion,
                         Instant pinnedAt) {

    /** Enabled and not paused. */
    public boolean active() {
        return enabled && !paused;
    }
}
