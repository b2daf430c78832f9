package dev.orgexport.schema.org;

import java.util.Objects;

/**
 * One org as configured: where its OAuth client lives and how to find its secret.
 * {@code secretRef} is a reference ({@code env:NAME} or {@code file:/path}), never the secret.
 */
public record OrgRecord(String id, String name, String region, String clientId, String secretRef,
                        boolean enabled, boolean paused) {

    public OrgRecord {
        Objects.requireNonNull(id, "org id");
        Objects.requireNonNull(name, "org name");
        Objects.requireNonNull(region, "org region");
        Objects.requireNonNull(clientId, "org clientId");
        Objects.requireNonNull(secretRef, "org secretRef");
    }

    /** Enabled and not paused by an operator. */
    public boolean active() {
        return enabled && !paused;
    }
}
