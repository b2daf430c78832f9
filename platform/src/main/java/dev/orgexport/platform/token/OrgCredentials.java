package dev.orgexport.platform.token;

import dev.orgexport.platform.secret.SecretRef;
import java.util.Objects;

/**
 * How to authenticate as one org: its OAuth client, the region that client lives in, and where
 * the secret is. Holds a {@link SecretRef}, never the secret: the secret is read only when a token
 * is requested, so this record may be logged and passed around freely.
 *
 * @param orgId         orgexport's id of the org (the {@code org.id} column); labels every failure
 * @param regionId      the region (id, short name or domain) the org and its client live in
 * @param clientId      the OAuth client id
 * @param secretRef     where the client secret is
 * @param platformOrgId the platform's organization id that every new token must belong to
 *                      ({@code GET /api/v2/tokens/me} {@code organization.id}); see
 *                      {@link #of(String, String, String, SecretRef)}
 */
public record OrgCredentials(String orgId, String regionId, String clientId, SecretRef secretRef,
                             String platformOrgId) {

    public OrgCredentials {
        requireText("orgId", orgId);
        requireText("regionId", regionId);
        requireText("clientId", clientId);
        Objects.requireNonNull(secretRef, "secretRef");
        requireText("platformOrgId", platformOrgId);
    }

    /**
     * Credentials of an org whose orgexport id is the platform's organization id (the
     * {@code org} table has one id column, so this is the normal case).
     */
    public static OrgCredentials of(String orgId, String regionId, String clientId, SecretRef secretRef) {
        return new OrgCredentials(orgId, regionId, clientId, secretRef, orgId);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }
}
