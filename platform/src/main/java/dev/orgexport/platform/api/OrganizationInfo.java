package dev.orgexport.platform.api;

import java.util.Objects;

/**
 * The org a token acts in, from {@code GET /api/v2/organizations/me}.
 *
 * @param id     the organization id
 * @param name   its name, or null
 * @param domain its domain (org short name), or null
 * @param state  {@code active}, {@code inactive} or {@code deleted}, or null
 */
public record OrganizationInfo(String id, String name, String domain, String state) {

    public OrganizationInfo {
        Objects.requireNonNull(id, "id");
    }

    public boolean active() {
        return "active".equalsIgnoreCase(state);
    }
}
