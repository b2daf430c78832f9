package dev.orgexport.platform.event;

import dev.orgexport.platform.failure.PlatformException;
import java.time.Instant;
import java.util.Objects;

/**
 * An authentication or authorization failure worth an audit row: every
 * {@link dev.orgexport.platform.failure.FailureKind#alwaysAudited() always-audited} kind, plus
 * {@code RATE_LIMITED} at the token endpoint. Reported once per occurrence at its source: one
 * failed token request shared by 200 waiting callers is one event.
 *
 * @param orgId    the configured org
 * @param clientId the OAuth client
 * @param at       when it was observed
 * @param failure  the classified failure (kind, status, error code, correlation id, host, hint)
 */
public record AuthFailure(String orgId, String clientId, Instant at, PlatformException failure) {

    public AuthFailure {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(failure, "failure");
    }
}
