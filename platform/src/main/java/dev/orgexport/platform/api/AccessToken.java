package dev.orgexport.platform.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token and its validity. {@link #toString()} never shows the token; identity is by
 * reference (no {@code equals}), which is what "invalidate exactly the token that got a 401"
 * needs. The value leaves only through {@link #bearer()}, whose callers build an
 * {@code Authorization} header.
 */
public final class AccessToken {

    private final String value;
    private final Instant issuedAt;
    private final Instant expiresAt;

    /**
     * @param issuedAt  when the token request was sent (not answered): counting the lifetime from
     *                  there keeps the local view of expiry on the safe side
     * @param expiresAt issuedAt plus the {@code expires_in} the platform granted
     */
    public AccessToken(String value, Instant issuedAt, Instant expiresAt) {
        this.value = Objects.requireNonNull(value, "value");
        this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("access token must not be empty");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt, but was " + issuedAt + " / " + expiresAt);
        }
    }

    /** The {@code Authorization} header value: {@code Bearer <token>}. */
    public String bearer() {
        return "Bearer " + value;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Duration lifetime() {
        return Duration.between(issuedAt, expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[<masked>, issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
