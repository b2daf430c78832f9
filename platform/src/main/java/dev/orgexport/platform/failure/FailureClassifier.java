package dev.orgexport.platform.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that turns a platform answer (or the lack of one) into a {@link PlatformException}
 * and decides, once, whether it is retryable. Follows platform-facts.md and DESIGN.md's table:
 * <ul>
 *   <li>token endpoint: any 4xx with {@code error=invalid_client} is {@link FailureKind#CREDENTIALS_REJECTED},
 *       or {@link FailureKind#CLIENT_NOT_FOUND} when the description says "client not found";</li>
 *   <li>API: 401 is {@link FailureKind#TOKEN_REJECTED}, 403 {@link FailureKind#MISSING_PERMISSION};</li>
 *   <li>429 is {@link FailureKind#RATE_LIMITED} with the {@code Retry-After} wait; 5xx except 501,
 *       I/O errors and timeouts are {@link FailureKind#PLATFORM_UNAVAILABLE}: these two are the
 *       only retryable ones;</li>
 *   <li>anything else is {@link FailureKind#REQUEST_REJECTED}.</li>
 * </ul>
 * The correlation id is read from {@code ININ-Correlation-Id}, then {@code Genesys-Correlation-Id},
 * then the error body's {@code contextId}. Bodies are read only for the fields named above, so a
 * request's credentials can never reach the result. Thread-safe.
 */
public final class FailureClassifier {

    private static final Pattern RETRY_SECONDS_IN_MESSAGE = Pattern.compile("\\[?(\\d{1,6})]?\\s*seconds?");
    private static final int NOT_IMPLEMENTED = 501;

    private final ObjectMapper mapper;
    private final Clock clock;

    public FailureClassifier(ObjectMapper mapper, Clock clock) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Classifies a non-2xx answer of {@code POST /oauth/token}. */
    public PlatformException tokenFailure(FailureContext context, int status, HttpHeaders headers, byte[] body) {
        JsonNode json = parse(body);
        String error = text(json, "error");
        String description = firstText(json, "description", "error_description");
        FailureDetails.Builder details;
        if (status == 429) {
            details = rateLimited(headers, description);
        } else if (status >= 500 && status != NOT_IMPLEMENTED) {
            details = FailureDetails.builder(FailureKind.PLATFORM_UNAVAILABLE, true);
        } else if (status >= 400 && status < 500 && "invalid_client".equals(error)) {
            boolean notFound = description != null && description.toLowerCase(Locale.ROOT).contains("client not found");
            details = FailureDetails.builder(notFound ? FailureKind.CLIENT_NOT_FOUND : FailureKind.CREDENTIALS_REJECTED, false);
        } else if (status >= 400 && status < 500 && (error != null || status == 400 || status == 401 || status == 403)) {
            // Another OAuth error (unauthorized_client, invalid_grant, ...) or a bare 401/403:
            // the platform refused this client, which only a configuration change can fix.
            details = FailureDetails.builder(FailureKind.CREDENTIALS_REJECTED, false)
                    .operatorHint("the login host refused the client" + (error == null ? "" : " (" + error + ")")
                            + ": check the client's grant type and state, then run `orgexport diagnose`");
        } else {
            details = FailureDetails.builder(FailureKind.REQUEST_REJECTED, false)
                    .operatorHint("unexpected answer from the login host: check the region's login base URL");
        }
        return new PlatformException(details.context(context).httpStatus(status).errorCode(error)
                .platformMessage(description).correlationId(correlationId(headers, json)).build());
    }

    /** Classifies a non-2xx answer of an {@code /api/v2} call. */
    public PlatformException apiFailure(FailureContext context, int status, HttpHeaders headers, byte[] body) {
        JsonNode json = parse(body);
        String code = text(json, "code");
        String message = text(json, "message");
        FailureDetails.Builder details;
        if (status == 401) {
            details = FailureDetails.builder(FailureKind.TOKEN_REJECTED, false);
        } else if (status == 403) {
            details = FailureDetails.builder(FailureKind.MISSING_PERMISSION, false);
        } else if (status == 429) {
            // "too.many.requests" says "[N] requests within [M] seconds": M is the limit's period,
            // not a wait, so only the ".retry.after" message's seconds stand in for the header.
            details = rateLimited(headers, "too.many.requests".equals(code) ? null : message);
        } else if (status >= 500 && status != NOT_IMPLEMENTED) {
            details = FailureDetails.builder(FailureKind.PLATFORM_UNAVAILABLE, true);
        } else {
            details = FailureDetails.builder(FailureKind.REQUEST_REJECTED, false);
        }
        if (json == null && body != null && body.length > 0) {
            // A gateway's page (HTML or text), not an ErrorBody: say so instead of quoting it.
            message = "answered with a non-JSON body (" + headers.firstValue("Content-Type").orElse("no content type")
                    + ", " + body.length + " bytes)";
        }
        return new PlatformException(details.context(context).httpStatus(status).errorCode(code)
                .platformMessage(message).correlationId(correlationId(headers, json)).build());
    }

    /** Classifies a request that got no answer: I/O error, refused connection or timeout. */
    public PlatformException transportFailure(FailureContext context, Throwable cause) {
        String what;
        if (cause instanceof HttpConnectTimeoutException) {
            what = "connect timed out";
        } else if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            what = "request timed out";
        } else if (cause instanceof ConnectException) {
            what = "connection refused or unreachable";
        } else if (cause instanceof IOException) {
            what = "I/O error: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage());
        } else {
            what = "request failed: " + cause.getClass().getSimpleName();
        }
        return new PlatformException(FailureDetails.builder(FailureKind.PLATFORM_UNAVAILABLE, true)
                .context(context).platformMessage(what).build(), cause);
    }

    /** A 2xx answer whose body is not what platform-facts.md promises. Retryable: usually truncation. */
    public PlatformException malformedResponse(FailureContext context, int status, HttpHeaders headers, String problem) {
        return new PlatformException(FailureDetails.builder(FailureKind.PLATFORM_UNAVAILABLE, true)
                .context(context).httpStatus(status).correlationId(correlationId(headers, null))
                .platformMessage("unexpected response body: " + problem).build());
    }

    /** A response body that grew past {@code ApiSettings.maxResponseBytes}: abandoned unread. */
    public PlatformException responseTooLarge(FailureContext context, long cap) {
        return new PlatformException(FailureDetails.builder(FailureKind.REQUEST_REJECTED, false)
                .context(context).platformMessage("response body larger than " + cap + " bytes; abandoned")
                .operatorHint("the platform ignored the page size or a proxy misbehaves: lower worker.page-size "
                        + "or raise the response size cap")
                .build());
    }

    /** A redirect the client will not follow (not to the platform's download host, or not https like the API). */
    public PlatformException redirectRefused(FailureContext context, int status, HttpHeaders headers, String why) {
        return new PlatformException(FailureDetails.builder(FailureKind.REQUEST_REJECTED, false)
                .context(context).httpStatus(status).correlationId(correlationId(headers, null))
                .platformMessage("redirect not followed: " + why)
                .operatorHint("the platform redirected to an unexpected host: report it; nothing was sent there")
                .build());
    }

    /** The new token belongs to another organization than the configured one. */
    public PlatformException orgMismatch(FailureContext context, String clientId, String expectedOrgId,
                                         String expectedOrgName, String actualOrgId, String actualOrgName,
                                         String correlationId) {
        String actual = actualOrgId + (actualOrgName == null ? "" : " (" + actualOrgName + ")");
        String expected = expectedOrgId + (expectedOrgName == null ? "" : " (" + expectedOrgName + ")");
        return new PlatformException(FailureDetails.builder(FailureKind.ORG_MISMATCH, false)
                .context(context).httpStatus(200).correlationId(correlationId)
                .platformMessage("client " + clientId + " got a token of organization " + actual + ", but org "
                        + context.orgId() + " is organization " + expected)
                .operatorHint("client " + clientId + " belongs to organization " + actual + ", not to " + expected
                        + ": configure a client created in " + expectedOrgId + ", or, if org " + context.orgId()
                        + " now stands for " + actualOrgId + ", set organizationId: " + actualOrgId + " in orgs.yaml")
                .build());
    }

    /** The org's secret reference cannot be resolved, so no token request was sent. */
    public PlatformException secretUnavailable(FailureContext context, String reason) {
        return new PlatformException(FailureDetails.builder(FailureKind.CREDENTIALS_REJECTED, false)
                .context(context).platformMessage(reason)
                .operatorHint("the org's secret reference cannot be resolved: set the variable or file it names")
                .build());
    }

    private FailureDetails.Builder rateLimited(HttpHeaders headers, String message) {
        return FailureDetails.builder(FailureKind.RATE_LIMITED, true).retryAfter(retryAfter(headers, message));
    }

    /**
     * {@code Retry-After} in seconds (or as an HTTP date); else the "[N] seconds" of the
     * platform's message; else null, and the retry falls back to its backoff.
     */
    Duration retryAfter(HttpHeaders headers, String message) {
        String header = headers.firstValue("Retry-After").map(String::strip).orElse(null);
        if (header != null && !header.isEmpty()) {
            try {
                double seconds = Double.parseDouble(header);
                if (seconds >= 0 && seconds < 1e7) {
                    return Duration.ofMillis((long) Math.ceil(seconds * 1000));
                }
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(clock.instant(),
                            ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                    return until.isNegative() ? Duration.ZERO : until;
                } catch (DateTimeParseException notADate) {
                    // fall through to the message
                }
            }
        }
        if (message != null) {
            Matcher matcher = RETRY_SECONDS_IN_MESSAGE.matcher(message);
            if (matcher.find()) {
                return Duration.ofSeconds(Long.parseLong(matcher.group(1)));
            }
        }
        return null;
    }

    private static String correlationId(HttpHeaders headers, JsonNode json) {
        return headers.firstValue("ININ-Correlation-Id")
                .or(() -> headers.firstValue("Genesys-Correlation-Id"))
                .orElseGet(() -> text(json, "contextId"));
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String firstText(JsonNode json, String first, String second) {
        String value = text(json, first);
        return value != null ? value : text(json, second);
    }

    private static String text(JsonNode json, String field) {
        if (json == null) {
            return null;
        }
        JsonNode value = json.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
