package dev.orgexport.platform.token;

import java.time.Duration;
import java.util.Objects;

/**
 * When the broker refreshes and stops using a token.
 *
 * @param refreshAt         fraction of a token's lifetime after which the next caller triggers a
 *                          background refresh while the current token is still served. Default
 *                          0.75. Must be in (0, 1).
 * @param expiryMargin      a token is not handed out within this margin of its expiry, so a call
 *                          cannot reach the platform with a token that expires in flight. Capped
 *                          at 10 % of the lifetime (short-lived tokens). Default 30 s.
 * @param refreshRetryDelay after a failed background refresh, the next one waits this long
 *                          (capped at 10 % of the lifetime), so a rotated secret does not make
 *                          every call hit the token endpoint. Default 30 s.
 */
public record TokenSettings(double refreshAt, Duration expiryMargin, Duration refreshRetryDelay) {

    public static final double DEFAULT_REFRESH_AT = 0.75;
    public static final Duration DEFAULT_EXPIRY_MARGIN = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REFRESH_RETRY_DELAY = Duration.ofSeconds(30);

    public TokenSettings {
        if (!(refreshAt > 0.0 && refreshAt < 1.0)) {
            throw new IllegalArgumentException("platform.token.refresh-at must be greater than 0 and lower than 1"
                    + ", but was " + refreshAt);
        }
        Objects.requireNonNull(expiryMargin, "platform.token.expiry-margin");
        Objects.requireNonNull(refreshRetryDelay, "platform.token.refresh-retry-delay");
        if (expiryMargin.isNegative()) {
            throw new IllegalArgumentException("platform.token.expiry-margin must not be negative"
                    + ", but was " + expiryMargin);
        }
        if (refreshRetryDelay.isNegative() || refreshRetryDelay.isZero()) {
            throw new IllegalArgumentException("platform.token.refresh-retry-delay must be positive"
                    + ", but was " + refreshRetryDelay);
        }
    }

    public static TokenSettings defaults() {
        return new TokenSettings(DEFAULT_REFRESH_AT, DEFAULT_EXPIRY_MARGIN, DEFAULT_REFRESH_RETRY_DELAY);
    }

    /** Milliseconds after issue from which a refresh is due. */
    long refreshAfterMillis(long lifetimeMillis) {
        return (long) (lifetimeMillis * refreshAt);
    }

    /** Milliseconds after issue until which the token may be handed out. */
    long usableForMillis(long lifetimeMillis) {
        return lifetimeMillis - Math.min(expiryMargin.toMillis(), lifetimeMillis / 10);
    }

    long refreshRetryMillis(long lifetimeMillis) {
        return Math.max(1, Math.min(refreshRetryDelay.toMillis(), lifetimeMillis / 10));
    }
}
