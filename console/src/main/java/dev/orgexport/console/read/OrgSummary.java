package dev.orgexport.console.read;

/**
 * An org as the console shows it.
 *
 * @param organizationId the platform organization the org is pinned to, when the schema has the
 *                       column and the org has one; else null
 */
public record OrgSummary(String id, String name, String region, boolean enabled, boolean paused, String organizationId) {

    /** Enabled and not paused. */
    public boolean active() {
        return enabled && !paused;
    }
}
