package dev.orgexport.platform.failure;

import dev.orgexport.schema.OrgexportException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked root of every failure the platform module reports. It carries the
 * classified {@link FailureDetails}: kind, whether it is retryable, HTTP status, platform error
 * code, correlation id, host, region and a one-line operator hint. It never carries a secret or
 * a token, neither in its message nor in its cause chain: causes are kept only for I/O errors,
 * whose messages come from the JDK and name hosts, not credentials.
 *
 * <p>Callers decide with {@link #kind()} and {@link #retryable()} and never re-classify. An
 * async API completes its future exceptionally with this exception (possibly wrapped in a
 * {@link java.util.concurrent.CompletionException}; see {@link #unwrap(Throwable)}).
 */
public class PlatformException extends OrgexportException {

    private static final long serialVersionUID = 1L;

    private final transient FailureDetails details;

    public PlatformException(FailureDetails details) {
        this(details, null);
    }

    public PlatformException(FailureDetails details, Throwable cause) {
        super(Objects.requireNonNull(details, "details").describe(), cause);
        this.details = details;
    }

    public FailureDetails details() {
        return details;
    }

    public FailureKind kind() {
        return details.kind();
    }

    /** True when trying the same thing again later can succeed (5xx, I/O, timeouts, 429). */
    public boolean retryable() {
        return details.retryable();
    }

    public String orgId() {
        return details.orgId();
    }

    public String regionId() {
        return details.regionId();
    }

    public String operatorHint() {
        return details.operatorHint();
    }

    public Optional<String> correlationId() {
        return Optional.ofNullable(details.correlationId());
    }

    /** The wait a 429 asked for. */
    public Optional<Duration> retryAfter() {
        return details.retryAfterDuration();
    }

    /** True when the platform answered 404 for a job: it expired or never existed; submit again. */
    public boolean jobNotFound() {
        return details.kind() == FailureKind.REQUEST_REJECTED && details.httpStatus() == 404;
    }

    /**
     * The {@link PlatformException} inside a {@link java.util.concurrent.CompletionException} or
     * {@link java.util.concurrent.ExecutionException}, or empty when the throwable is something
     * else (a bug, not a platform failure).
     */
    public static Optional<PlatformException> unwrap(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (current instanceof PlatformException platform) {
                return Optional.of(platform);
            }
            if (!(current instanceof java.util.concurrent.CompletionException)
                    && !(current instanceof java.util.concurrent.ExecutionException)) {
                return Optional.empty();
            }
            current = current.getCause();
        }
        return Optional.empty();
    }
}
