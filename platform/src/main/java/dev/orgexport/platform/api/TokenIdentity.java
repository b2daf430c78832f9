package dev.orgexport.platform.api;

import java.util.Objects;

/**
 * Who a token is, from {@code GET /api/v2/tokens/me}.
 *
 * @param organizationId   the organization the token acts in: what org verification compares
 * @param organizationName its name, or null
 * @param clientId         the OAuth client's id, or null when the answer has none
 * @param clientName       the OAuth client's name, or null
 * @param correlationId    the answer's correlation id, or null
 */
public record TokenIdentity(String organizationId, String organizationName, String clientId, String clientName,
                            String correlationId) {

    public TokenIdentity {
        Objects.requireNonNull(organizationId, "organizationId");
    }
}
