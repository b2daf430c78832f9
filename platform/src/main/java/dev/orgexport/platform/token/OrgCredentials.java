package dev.orgexport.platform.token;

import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.schema.org.OrgPin;
import dev.orgexport.schema.org.OrgRecord;
import java.util.Objects;

/**
 * How to authenticate as one org: its OAuth client, the region that client lives in, and where
 * the secret is. Holds a {@link SecretRef}, never the secret: the secret is read only when a token
 * is requested, so this record may be logged and passed around freely.
 *
 * <p>An org has two ids: {@code orgId} is orgexport's (the operator's own stable key) and
 * {@code expected} is the platform organization that every new token must belong to. When
 * {@code expected} is null, nothing is known yet and the first verified token pins it (see
 * {@link OrganizationPins}).
 *
 * @param orgId     orgexport's id of the org (the {@code org.id} column); labels every failure
 * @param regionId  the region (id, short name or domain) the org and its client live in
 * @param clientId  the OAuth client id
 * @param secretRef where the client secret is
 * @param expected  the platform organization every new token must belong to
 *                  ({@code GET /api/v2/tokens/me} {@code organization.id}), or null when not known yet
 */
public record OrgCredentials(String orgId, String regionId, String clientId, SecretRef secretRef,
                             ExpectedOrganization expected) {

    public OrgCredentials {
        requireText("orgId", orgId);
        requireText("regionId", regionId);
        requireText("clientId", clientId);
        Objects.requireNonNull(secretRef, "secretRef");
    }

    /** Credentials of an org whose platform organization is not known yet: the first verified token pins it. */
    public static OrgCredentials of(String orgId, String regionId, String clientId, SecretRef secretRef) {
        return new OrgCredentials(orgId, regionId, clientId, secretRef, null);
    }

    /**
     * The credentials of an org row: tokens must belong to its {@code organizationId} when given,
     * else to its pin; with neither, the first verified token pins it.
     */
    public static OrgCredentials of(OrgRecord org) {
        OrgCredentials credentials = of(org.id(), org.region(), org.clientId(), SecretRef.parse(org.secretRef()));
        OrgPin pin = org.pin();
        if (org.organizationId() != null) {
            boolean pinned = pin != null && OrgRecord.sameOrganization(pin.organizationId(), org.organizationId());
            return credentials.expecting(new ExpectedOrganization(org.organizationId(),
                    pinned && pin.organizationName() != null ? pin.organizationName() : org.name(), pinned));
        }
        return pin == null ? credentials
                : credentials.expecting(new ExpectedOrganization(pin.organizationId(), pin.organizationName(), true));
    }

    /** These credentials, with tokens required to belong to {@code organization}. */
    public OrgCredentials expecting(ExpectedOrganization organization) {
        return new OrgCredentials(orgId, regionId, clientId, secretRef, organization);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }
}
