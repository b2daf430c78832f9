package dev.orgexport.platform.failure;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything known about one classified failure. Holds no secret and no token by construction:
 * the classifier copies only status, codes, headers it names and the platform's own message
 * (cut to one line of at most {@value #MAX_MESSAGE} characters).
 *
 * @param kind           what went wrong
 * @param retryable      whether trying again later can help; decided once, by {@link FailureClassifier}
 * @param httpStatus     the HTTP status, or 0 when no response arrived
 * @param errorCode      the platform's error code ({@code invalid_client}, {@code missing.permissions}), or null
 * @param correlationId  {@code ININ-Correlation-Id}, {@code Genesys-Correlation-Id} or the body's
 *                       {@code contextId}, or null
 * @param orgId          the configured org
 * @param regionId       the region the request went to
 * @param host           the host (authority and base path) the request went to
 * @param operation      what was attempted, e.g. {@code POST /oauth/token}
 * @param platformMessage the platform's own message (e.g. the missing permissions), or null
 * @param retryAfter     the wait the platform asked for (429), or null
 * @param operatorHint   one line telling the operator what to do
 */
public record FailureDetails(FailureKind kind, boolean retryable, int httpStatus, String errorCode,
                             String correlationId, String orgId, String regionId, String host,
                             String operation, String platformMessage, Duration retryAfter,
                             String operatorHint) {

    /** Longest platform message kept; longer ones are cut so a log line stays one line. */
    public static final int MAX_MESSAGE = 300;

    public FailureDetails {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
        operatorHint = operatorHint == null ? kind.operatorHint() : operatorHint;
        platformMessage = oneLine(platformMessage);
        errorCode = oneLine(errorCode);
        correlationId = oneLine(correlationId);
        if (httpStatus != 0 && (httpStatus < 100 || httpStatus > 599)) {
            throw new IllegalArgumentException("httpStatus must be 0 or between 100 and 599, but was " + httpStatus);
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, but was " + retryAfter);
        }
    }

    public OptionalInt status() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    public Optional<Duration> retryAfterDuration() {
        return Optional.ofNullable(retryAfter);
    }

    /** The one-line description used as the exception message and in logs. */
    public String describe() {
        StringBuilder line = new StringBuilder(160).append(kind)
                .append(" for org ").append(orgId)
                .append(" (region ").append(regionId).append(", ").append(operation).append(" at ").append(host).append(')');
        if (httpStatus != 0) {
            line.append(": HTTP ").append(httpStatus);
        }
        if (errorCode != null) {
            line.append(' ').append(errorCode);
        }
        if (platformMessage != null) {
            line.append(" \"").append(platformMessage).append('"');
        }
        if (retryAfter != null) {
            line.append(", retry after ").append(retryAfter.toMillis()).append(" ms");
        }
        if (correlationId != null) {
            line.append(", correlation id ").append(correlationId);
        }
        return line.append("; hint: ").append(operatorHint).toString();
    }

    /** Builder, because a failure has many optional parts. Not thread-safe. */
    public static Builder builder(FailureKind kind, boolean retryable) {
        return new Builder(kind, retryable);
    }

    private static String oneLine(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() <= MAX_MESSAGE ? flat : flat.substring(0, MAX_MESSAGE) + "...";
    }

    /** Collects the optional parts of a {@link FailureDetails}. */
    public static final class Builder {
        private final FailureKind kind;
        private final boolean retryable;
        private int httpStatus;
        private String errorCode;
        private String correlationId;
        private String orgId;
        private String regionId;
        private String host;
        private String operation;
        private String platformMessage;
        private Duration retryAfter;
        private String operatorHint;

        private Builder(FailureKind kind, boolean retryable) {
            this.kind = kind;
            this.retryable = retryable;
        }

        public Builder context(FailureContext context) {
            this.orgId = context.orgId();
            this.regionId = context.regionId();
            this.host = context.host();
            this.operation = context.operation();
            return this;
        }

        public Builder httpStatus(int value) {
            this.httpStatus = value;
            return this;
        }

        public Builder errorCode(String value) {
            this.errorCode = value;
            return this;
        }

        public Builder correlationId(String value) {
            this.correlationId = value;
            return this;
        }

        public Builder platformMessage(String value) {
            this.platformMessage = value;
            return this;
        }

        public Builder retryAfter(Duration value) {
            this.retryAfter = value;
            return this;
        }

        public Builder operatorHint(String value) {
            this.operatorHint = value;
            return this;
        }

        public FailureDetails build() {
            return new FailureDetails(kind, retryable, httpStatus, errorCode, correlationId, orgId, regionId,
                    host, operation, platformMessage, retryAfter, operatorHint);
        }
    }
}
