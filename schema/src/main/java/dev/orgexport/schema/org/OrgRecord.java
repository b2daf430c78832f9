package dev.orgexport.schema.org;

import java.util.Locale;
import java.util.Objects;

/**
 * One org as configured: where its OAuth client lives and how to find its secret.
 * {@code secretRef} is a reference ({@code env:NAME} or {@code file:/path}), never the secret.
 *
 * <p>An org has two ids: {@code id} is the operator's own stable key (Kafka keys, output files,
 * CLI); the platform's organization id is {@code organizationId} when orgs.yaml gives it, else the
 * {@code pin} set by the org's first verified token. See {@link #expectedOrganizationId()}.
 *
 * @param organizationId the platform organization id from orgs.yaml, or null
 * @param pin            the organization pinned by the first verified token, or null
 * @param overrides      per-org settings from orgs.yaml; never null
 */
public record OrgRecord(String id, String name, String region, String clientId, String secretRef,
                        boolean enabled, boolean paused, String organizationId, OrgPin pin, OrgOverrides overrides) {

    public OrgRecord {
        Objects.requireNonNull(id, "org id");
        Objects.requireNonNull(name, "org name");
        Objects.requireNonNull(region, "org region");
        Objects.requireNonNull(clientId, "org clientId");
        Objects.requireNonNull(secretRef, "org secretRef");
        overrides = overrides == null ? OrgOverrides.NONE : overrides;
    }

    /** An org with no platform organization id known yet (pinned on first use) and no overrides. */
    public OrgRecord(String id, String name, String region, String clientId, String secretRef, boolean enabled,
                     boolean paused) {
        this(id, name, region, clientId, secretRef, enabled, paused, null, null, OrgOverrides.NONE);
    }

    /** Enabled and not paused by an operator. */
    public boolean active() {
        return enabled && !paused;
    }

    /**
     * The platform organization every new token must belong to: orgs.yaml's {@code organizationId}
     * when given, else the pinned one; null when neither (the next verified token pins it).
     */
    public String expectedOrganizationId() {
        return organizationId != null ? organizationId : pin == null ? null : pin.organizationId();
    }

    /** This org pinned to {@code newPin}, or unpinned with null. */
    public OrgRecord withPin(OrgPin newPin) {
        return new OrgRecord(id, name, region, clientId, secretRef, enabled, paused, organizationId, newPin, overrides);
    }

    /** This org, enabled or disabled. */
    public OrgRecord withEnabled(boolean newEnabled) {
        return new OrgRecord(id, name, region, clientId, secretRef, newEnabled, paused, organizationId, pin, overrides);
    }

    /**
     * Whether two platform organization ids are the same organization. Genesys Cloud ids are UUIDs,
     * which compare case-insensitively; surrounding whitespace is not part of an id.
     */
    public static boolean sameOrganization(String a, String b) {
        return a != null && b != null && a.trim().toLowerCase(Locale.ROOT).equals(b.trim().toLowerCase(Locale.ROOT));
    }
}
