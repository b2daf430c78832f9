package dev.orgexport.platform.api;

import java.util.Objects;

/**
 * A successful answer of {@code POST /oauth/token}.
 *
 * @param token         the new token
 * @param correlationId the answer's correlation id, or null
 */
public record TokenGrant(AccessToken token, String correlationId) {

    public TokenGrant {
        Objects.requireNonNull(token, "token");
    }
}
