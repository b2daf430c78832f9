package dev.orgexport.platform.api;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link PlatformClient} talks HTTP. Every request has a deadline: nothing waits forever.
 *
 * @param connectTimeout   TCP and TLS connect timeout. Default 5 s.
 * @param requestTimeout   deadline of one request, from sending to the last byte of the body.
 *                         Default 30 s.
 * @param httpVersion      protocol version. Default HTTP/1.1: a few requests per org and
 *                         predictable connection reuse; HTTP/2 is fine against the real platform.
 * @param userAgent        the {@code User-Agent} header. Default {@code orgexport-platform/0.1}.
 * @param maxConcurrentRequests requests on the wire at once; more wait in a queue (their deadline
 *                         runs while they wait). Default 64.
 * @param maxResponseBytes the largest response body read into memory; a larger one is abandoned
 *                         as it arrives and fails the request as REQUEST_REJECTED. Default 64 MiB
 *                         (a 500-record page of real conversations is a few MiB).
 * @param auditServiceName the {@code serviceName} of audit queries, or null to send none and
 *                         export every service's events. Default null. (Whether the real
 *                         platform requires a service name is unverified; set one, e.g.
 *                         {@code PeoplePermissions} for OAuth events, if it does.)
 */
public record ApiSettings(Duration connectTimeout, Duration requestTimeout, HttpClient.Version httpVersion,
                          String userAgent, int maxConcurrentRequests, String auditServiceName, long maxResponseBytes) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_USER_AGENT = "orgexport-platform/0.1";
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L << 20;

    public ApiSettings {
        positive("platform.http.connect-timeout", connectTimeout);
        positive("platform.http.request-timeout", requestTimeout);
        Objects.requireNonNull(httpVersion, "platform.http.version");
        Objects.requireNonNull(userAgent, "platform.http.user-agent");
        if (userAgent.isBlank()) {
            throw new IllegalArgumentException("platform.http.user-agent must not be blank"
                    + ", but was '" + userAgent + "'");
        }
        if (maxConcurrentRequests < 1 || maxConcurrentRequests > 10_000) {
            throw new IllegalArgumentException("platform.http.max-concurrent-requests must be between 1 and 10000, "
                    + "but was "
                    + maxConcurrentRequests);
        }
        if (maxResponseBytes < 1024 || maxResponseBytes > (1L << 32)) {
            throw new IllegalArgumentException("maxResponseBytes must be between 1024 and 4294967296, but was " + maxResponseBytes);
        }
        if (auditServiceName != null && auditServiceName.isBlank()) {
            throw new IllegalArgumentException("platform.audit.service-name must be null or not blank, but was '"
                    + auditServiceName + "'");
        }
    }

    public static ApiSettings defaults() {
        return new ApiSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, HttpClient.Version.HTTP_1_1,
                DEFAULT_USER_AGENT, DEFAULT_MAX_CONCURRENT_REQUESTS, null, DEFAULT_MAX_RESPONSE_BYTES);
    }

    public ApiSettings withRequestTimeout(Duration value) {
        return new ApiSettings(connectTimeout, value, httpVersion, userAgent, maxConcurrentRequests, auditServiceName,
                maxResponseBytes);
    }

    public ApiSettings withAuditServiceName(String value) {
        return new ApiSettings(connectTimeout, requestTimeout, httpVersion, userAgent, maxConcurrentRequests, value,
                maxResponseBytes);
    }

    public ApiSettings withMaxResponseBytes(long value) {
        return new ApiSettings(connectTimeout, requestTimeout, httpVersion, userAgent, maxConcurrentRequests,
                auditServiceName, value);
    }

    static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, but was " + value);
        }
    }
}
