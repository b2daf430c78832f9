package dev.orgexport.platform.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A new token was issued and verified to belong to the configured org (an audit row
 * "Authenticate SUCCESS"). Carries no token.
 *
 * @param orgId         the configured org
 * @param clientId      the OAuth client
 * @param regionId      the region of the login host
 * @param loginHost     the login host that issued it
 * @param issuedAt      when it was requested
 * @param expiresAt     when it expires
 * @param correlationId the token answer's correlation id, or null
 */
public record TokenIssued(String orgId, String clientId, String regionId, String loginHost, Instant issuedAt,
                          Instant expiresAt, String correlationId) {

    public TokenIssued {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(loginHost, "loginHost");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
