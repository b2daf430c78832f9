package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.Role.OPERATOR;
import static dev.orgexport.cli.config.Role.ORCHESTRATOR;
import static dev.orgexport.cli.config.Role.WORKER;

import dev.orgexport.platform.api.ApiSettings;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.resilience.BreakerSettings;
import dev.orgexport.platform.resilience.RateLimitSettings;
import dev.orgexport.platform.resilience.ResilienceSettings;
import dev.orgexport.platform.resilience.RetrySettings;
import dev.orgexport.platform.token.TokenSettings;
import java.time.Duration;

/**
 * {@code platform.*}: how the worker (and {@code diagnose}) talks to Genesys Cloud: hosts, HTTP
 * timeouts, token refresh, retry, the per-org breaker and rate limit. Defaults are the platform
 * module's; ranges are checked by its settings records. Bound by {@link PlatformConfiguration}.
 */
public final class PlatformKeys {

    private static final PlatformSettings DEFAULTS = PlatformSettings.defaults();
    private static final ApiSettings API = DEFAULTS.api();
    private static final TokenSettings TOKEN = DEFAULTS.tokens();
    private static final ResilienceSettings RESILIENCE = DEFAULTS.resilience();
    private static final RetrySettings RETRY = RESILIENCE.retry();
    private static final BreakerSettings BREAKER = RESILIENCE.breaker();
    private static final RateLimitSettings RATE = RESILIENCE.rateLimit();

    public static final Key<String> BASE_URL = Key.required("platform.base-url", ValueType.TEXT,
            "Base URL of every region's login and API hosts, with {region} standing for the region id, e.g. "
                    + "http://simulator:8080/{region}. Unset: the real https://login.<domain> and https://api.<domain>.",
            WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<String> ADDITIONAL_REGIONS = Key.required("platform.additional-regions", ValueType.TEXT,
            "Regions newer than this release, as id=domain pairs separated by commas, e.g. "
                    + "me-central-2=mec2.pure.cloud. Unset: the built-in regions only.", WORKER, OPERATOR, ORCHESTRATOR);

    public static final Key<Duration> HTTP_CONNECT_TIMEOUT = Key.of("platform.http.connect-timeout", ValueType.DURATION,
            API.connectTimeout(), "TCP and TLS connect timeout of platform calls.", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> HTTP_REQUEST_TIMEOUT = Key.of("platform.http.request-timeout", ValueType.DURATION,
            API.requestTimeout(), "Deadline of one platform request, body included.", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Integer> HTTP_MAX_CONCURRENT_REQUESTS = Key.of("platform.http.max-concurrent-requests",
            ValueType.INTEGER, API.maxConcurrentRequests(), "Platform requests on the wire at once; more wait in a "
                    + "queue (1-10000).", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<String> HTTP_VERSION = Key.of("platform.http.version", ValueType.TEXT,
            API.httpVersion().name(), "HTTP_1_1 or HTTP_2.", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<String> HTTP_USER_AGENT = Key.of("platform.http.user-agent", ValueType.TEXT,
            API.userAgent(), "The User-Agent header of platform calls.", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Integer> HTTP_MAX_RESPONSE_BYTES = Key.of("platform.http.max-response-bytes", ValueType.INTEGER,
            (int) API.maxResponseBytes(), "Largest platform response body read; a larger one is abandoned as it arrives "
                    + "and fails the call as REQUEST_REJECTED (1024 - 2147483647).", WORKER, OPERATOR, ORCHESTRATOR);

    public static final Key<String> AUDIT_SERVICE_NAME = Key.required("platform.audit.service-name", ValueType.TEXT,
            "serviceName of audit-event export queries, e.g. PeoplePermissions. Unset: every service.", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> AUDIT_AVAILABILITY_LAG = Key.of("platform.audit.availability-lag",
            ValueType.DURATION, DEFAULTS.auditAvailabilityLag(), "Audit data counts as complete up to now minus this lag.",
            WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Integer> EVENT_QUEUE_CAPACITY = Key.of("platform.event-queue-capacity", ValueType.INTEGER,
            DEFAULTS.eventQueueCapacity(), "Platform events (auth failures, breaker changes) queued for the audit writer "
                    + "before new ones are dropped (counted, logged).", WORKER, OPERATOR, ORCHESTRATOR);

    public static final Key<Double> TOKEN_REFRESH_AT = Key.of("platform.token.refresh-at", ValueType.DECIMAL,
            TOKEN.refreshAt(), "Fraction of a token's lifetime after which it is refreshed in the background "
                    + "(above 0, below 1).", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> TOKEN_EXPIRY_MARGIN = Key.of("platform.token.expiry-margin", ValueType.DURATION,
            TOKEN.expiryMargin(), "A token is not handed out this close to its expiry (at most 10 % of its lifetime).",
            WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> TOKEN_REFRESH_RETRY_DELAY = Key.of("platform.token.refresh-retry-delay",
            ValueType.DURATION, TOKEN.refreshRetryDelay(), "Wait after a failed background refresh (at most 10 % of the "
                    + "lifetime).", WORKER, OPERATOR, ORCHESTRATOR);

    public static final Key<Integer> RETRY_MAX_ATTEMPTS = Key.of("platform.retry.max-attempts", ValueType.INTEGER,
            RETRY.maxAttempts(), "Attempts per platform call, the first included (1-100).", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> RETRY_INITIAL_BACKOFF = Key.of("platform.retry.initial-backoff",
            ValueType.DURATION, RETRY.initialBackoff(), "Upper bound of the first full-jitter backoff.", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> RETRY_MAX_BACKOFF = Key.of("platform.retry.max-backoff", ValueType.DURATION,
            RETRY.maxBackoff(), "Cap of the backoff bound (at least the initial backoff).", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> RETRY_MAX_RETRY_AFTER = Key.of("platform.retry.max-retry-after",
            ValueType.DURATION, RETRY.maxRetryAfter(), "Longest Retry-After waited for in-process; longer ones make the "
                    + "run wait instead.", WORKER, OPERATOR, ORCHESTRATOR);

    public static final Key<Double> BREAKER_FAILURE_RATE_THRESHOLD = Key.of("platform.breaker.failure-rate-threshold",
            ValueType.DECIMAL, (double) BREAKER.failureRateThreshold(), "Percent of failed attempts (platform "
                    + "unavailable) that opens an org's breaker (above 0, at most 100).", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Integer> BREAKER_SLIDING_WINDOW_SIZE = Key.of("platform.breaker.sliding-window-size",
            ValueType.INTEGER, BREAKER.slidingWindowSize(), "Attempts in the failure-rate window (at least 1).",
            WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Integer> BREAKER_MINIMUM_CALLS = Key.of("platform.breaker.minimum-calls", ValueType.INTEGER,
            BREAKER.minimumNumberOfCalls(), "Attempts needed before the failure rate counts (1 - window size).",
            WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> BREAKER_TRANSIENT_OPEN_WAIT = Key.of("platform.breaker.transient-open-wait",
            ValueType.DURATION, BREAKER.transientOpenWait(), "How long a breaker opened by the failure rate stays open.",
            WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> BREAKER_CREDENTIAL_OPEN_WAIT = Key.of("platform.breaker.credential-open-wait",
            ValueType.DURATION, BREAKER.credentialOpenWait(), "How long a credential failure keeps an org's breaker open "
                    + "(it opens at once).", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Integer> BREAKER_HALF_OPEN_PROBES = Key.of("platform.breaker.half-open-probes",
            ValueType.INTEGER, BREAKER.halfOpenProbes(), "Calls let through when half open (at least 1).", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Boolean> BREAKER_PER_ORG_METERS = Key.of("platform.breaker.per-org-meters", ValueType.BOOLEAN,
            BREAKER.perOrgMeters(), "Publish Resilience4j's 16 meters per org (see BENCHMARKS.md before turning on).",
            WORKER, OPERATOR, ORCHESTRATOR);

    public static final Key<Boolean> RATE_LIMIT_ENABLED = Key.of("platform.rate-limit.enabled", ValueType.BOOLEAN,
            RATE.enabled(), "Keep each org under its API budget locally instead of learning it from 429s.", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Integer> RATE_LIMIT_BUDGET = Key.of("platform.rate-limit.budget", ValueType.INTEGER,
            RATE.budget(), "The platform's API budget per window and org (at least 1).", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> RATE_LIMIT_WINDOW = Key.of("platform.rate-limit.window", ValueType.DURATION,
            RATE.window(), "The budget's window.", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Double> RATE_LIMIT_HEADROOM = Key.of("platform.rate-limit.headroom", ValueType.DECIMAL,
            RATE.headroom(), "Fraction of the budget left unused (0 to below 1).", WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> RATE_LIMIT_MAX_WAIT = Key.of("platform.rate-limit.max-wait", ValueType.DURATION,
            RATE.maxWait(), "A call that would wait longer for a permit fails at once as a retryable RATE_LIMITED.",
            WORKER, OPERATOR, ORCHESTRATOR);
    public static final Key<Duration> IDLE_EVICTION = Key.of("platform.idle-eviction", ValueType.DURATION,
            RESILIENCE.idleEviction(), "An org unused this long loses its breaker (unless it holds the org back) and "
                    + "its rate limiter.", WORKER, OPERATOR, ORCHESTRATOR);

    private PlatformKeys() {
    }
}
