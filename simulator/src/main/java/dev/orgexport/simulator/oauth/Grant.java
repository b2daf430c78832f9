package dev.orgexport.simulator.oauth;

import java.time.Instant;

/**
 * What a token stands for: the org and client it was issued to, its expiry, and whether it was
 * revoked. Immutable; revocation replaces the grant. Never printed with the token itself.
 */
public record Grant(String orgId, String clientId, Instant issuedAt, Instant expiresAt, boolean revoked) {

    public boolean validAt(Instant now) {
        return !revoked && now.isBefore(expiresAt);
    }

    Grant revoke() {
        return new Grant(orgId, clientId, issuedAt, expiresAt, true);
    }
}
