package dev.orgexport.platform.token;

import java.util.Objects;

/**
 * What a token is cached under: org, region id (canonical, as resolved by the region directory)
 * and client id. A change of any of them in the configuration means a new token.
 */
public record OrgKey(String orgId, String regionId, String clientId) {

    public OrgKey {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(clientId, "clientId");
    }

    // Written out rather than generated: this key is hashed on every token cache hit, and the
    // hand-written form measured faster than the record's bootstrap-generated methods.
    @Override
    public int hashCode() {
        return (orgId.hashCode() * 31 + regionId.hashCode()) * 31 + clientId.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OrgKey key && orgId.equals(key.orgId) && regionId.equals(key.regionId)
                && clientId.equals(key.clientId);
    }

    @Override
    public String toString() {
        return orgId + "@" + regionId + "/" + clientId;
    }
}
