package dev.orgexport.platform.token;

import java.util.Locale;

/**
 * The platform organization an org's tokens must belong to.
 *
 * @param id     the platform's organization id ({@code tokens/me} {@code organization.id}; a UUID on
 *               Genesys Cloud), compared case-insensitively
 * @param name   a name for messages: the organization's name as pinned, else the org's display name;
 *               may be null
 * @param pinned whether this organization is already stored as the org's pin; when false, the
 *               first verified token is handed to {@link OrganizationPins} to pin it
 */
public record ExpectedOrganization(String id, String name, boolean pinned) {

    public ExpectedOrganization {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("expected organization id must not be blank, but was "
                    + (id == null ? "null" : "'" + id + "'"));
        }
    }

    /** Whether {@code organizationId} (from {@code tokens/me}) is this organization. */
    public boolean matches(String organizationId) {
        return organizationId != null
                && id.trim().toLowerCase(Locale.ROOT).equals(organizationId.trim().toLowerCase(Locale.ROOT));
    }

    /** "id (name)" for messages. */
    public String describe() {
        return id + (name == null ? "" : " (" + name + ")");
    }
}
