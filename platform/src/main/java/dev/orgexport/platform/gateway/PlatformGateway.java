package dev.orgexport.platform.gateway;

import dev.orgexport.platform.api.JobStatus;
import dev.orgexport.platform.api.OrganizationInfo;
import dev.orgexport.platform.api.PlatformClient;
import dev.orgexport.platform.api.ResultsPage;
import dev.orgexport.platform.concurrent.NamedThreadFactory;
import dev.orgexport.platform.diagnose.Diagnoser;
import dev.orgexport.platform.event.EventDispatcher;
import dev.orgexport.platform.event.PlatformListener;
import dev.orgexport.platform.region.RegionDirectory;
import dev.orgexport.platform.resilience.BreakerView;
import dev.orgexport.platform.resilience.OrgCircuits;
import dev.orgexport.platform.resilience.OrgBudgets;
import dev.orgexport.platform.resilience.OrgRateLimiters;
import dev.orgexport.platform.resilience.ResilientCalls;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.platform.token.OrganizationPins;
import dev.orgexport.platform.token.TokenBroker;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import dev.orgexport.platform.failure.PlatformException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform as the worker uses it: every export call for any org, with tokens, org
 * verification, retries, circuit breakers and rate limits handled inside.
 *
 * <p><b>Calls.</b> Every method takes the org's {@link OrgCredentials} (as read from the
 * {@code org} table) and returns a {@link CompletableFuture}; use
 * {@link dev.orgexport.platform.concurrent.Futures#await} to block. A future fails with a
 * {@link dev.orgexport.platform.failure.PlatformException} whose {@code kind()} and
 * {@code retryable()} say what to do:
 * <ul>
 *   <li>{@link dev.orgexport.platform.failure.CircuitOpenException}: the org's breaker is open; no
 *       HTTP request was made. Set the run to RETRY_WAIT until {@code reopenAt()}.</li>
 *   <li>{@code retryable()}: transient, and the in-process retries are used up (or a 429 asked
 *       for more than {@code RetrySettings.maxRetryAfter}; see {@code retryAfter()}): RETRY_WAIT.</li>
 *   <li>otherwise (credentials, permissions, a rejected request): not worth retrying until an
 *       operator acts; {@code jobNotFound()} means submit the window again.</li>
 * </ul>
 * An org whose region is not in the catalog fails with
 * {@link dev.orgexport.schema.region.RegionCatalog.UnknownRegionException} (a configuration error,
 * not a platform failure); an invalid argument (blank job id, page size out of range) throws
 * {@link IllegalArgumentException} at once.
 * Within a call: each attempt waits for the org's rate-limit permit, gets a token (cached;
 * verified against {@code tokens/me} when new), and on a 401 drops that token and retries once
 * with a new one. Waits (backoff, {@code Retry-After}, rate limit) are scheduled, never a parked
 * thread, so thousands of orgs can wait at once.
 *
 * <p><b>Events.</b> New tokens, auth failures, breaker transitions (with the reopen time) and
 * retries go to the {@link PlatformListener} on the {@code platform-events} thread, in order; the
 * worker writes its audit and quarantine rows from there. Meters: see {@code GatewayMeters}.
 *
 * <p>Thread-safe; one instance per process. {@link #close()} stops its threads.
 */
public final class PlatformGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformGateway.class);

    private final PlatformSettings settings;
    private final Clock clock;
    private final RegionDirectory regions;
    private final PlatformClient client;
    private final EventDispatcher events;
    private final ScheduledThreadPoolExecutor scheduler;
    private final TokenBroker tokens;
    private final OrgCircuits circuits;
    private final OrgRateLimiters limiters;
    private final CallRunner calls;
    private final Diagnoser diagnoser;

    private PlatformGateway(Builder builder) {
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.regions = RegionDirectory.of(settings.regions());
        this.client = PlatformClient.create(settings.api(), clock);
        this.events = new EventDispatcher(builder.listener, settings.eventQueueCapacity());
        PlatformListener listener = new MeteredListener(builder.meters, events);
        this.scheduler = new ScheduledThreadPoolExecutor(2, new NamedThreadFactory("platform-scheduler"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.tokens = new TokenBroker(client, builder.secrets, settings.tokens(), clock, listener, builder.pins);
        this.circuits = new OrgCircuits(settings.resilience().breaker(), clock, listener);
        this.limiters = new OrgRateLimiters(new OrgBudgets(settings.resilience().rateLimit()), scheduler, clock);
        ResilientCalls resilient = new ResilientCalls(settings.resilience().retry(), circuits, scheduler,
                builder.random, listener);
        this.calls = new CallRunner(new CallRunner.Parts(regions, tokens, limiters, circuits, resilient, listener, clock,
                builder.meters));
        this.diagnoser = new Diagnoser(client, regions, builder.secrets);
        GatewayMeters.bind(builder.meters, tokens, circuits, limiters, resilient,
                settings.resilience().breaker().perOrgMeters());
        long sweepMillis = Math.max(1_000, Math.min(60_000, settings.resilience().idleEviction().toMillis() / 2));
        scheduler.scheduleWithFixedDelay(this::evictIdle, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        LOG.info("platform gateway started: {}", settings);
    }

    public static Builder builder(PlatformSettings settings) {
        return new Builder(settings);
    }

    /**
     * The instant before which the kind's data is complete: export only windows ending before it.
     * Analytics jobs ask the platform; audit queries have no such endpoint and answer
     * now minus {@link PlatformSettings#auditAvailabilityLag()}, without a request.
     */
    public CompletableFuture<Instant> availability(OrgCredentials org, ExportKind kind) {
        if (kind == ExportKind.AUDIT_EVENTS) {
            return CompletableFuture.completedFuture(clock.instant().minus(settings.auditAvailabilityLag()));
        }
        return calls.run(org, "availability", (target, token) -> client.availability(target, token, kind));
    }

    /**
     * Submits an export job (audit query for {@link ExportKind#AUDIT_EVENTS}) for the window;
     * completes with the job id to store on the run. Not idempotent: a retried submit after a
     * lost answer may create a second job, which is harmless (jobs are read-only and expire), and
     * the run keeps only the id it got.
     */
    public CompletableFuture<String> submit(OrgCredentials org, ExportKind kind, TimeWindow window) {
        return submit(org, kind, window, settings.api().auditServiceName());
    }

    /**
     * As {@link #submit(OrgCredentials, ExportKind, TimeWindow)}, for an org whose audit query
     * asks for {@code auditServiceName} (its own, from orgs.yaml) instead of
     * {@code platform.audit.service-name}; null asks for every service.
     */
    public CompletableFuture<String> submit(OrgCredentials org, ExportKind kind, TimeWindow window,
                                            String auditServiceName) {
        Objects.requireNonNull(window, "window");
        AtomicReference<PlatformException> unanswered = new AtomicReference<>();
        return calls.run(org, "submit", (target, token) -> client.submit(target, token, kind, window, auditServiceName)
                .whenComplete((id, error) -> PlatformException.unwrap(error)
                        .filter(PlatformGateway::answerMayBeLost).ifPresent(unanswered::set)))
                .whenComplete((id, error) -> {
                    PlatformException lost = unanswered.get();
                    if (lost != null) {
                        // The job may exist without anyone knowing its id: it is never read and expires on
                        // the platform. Logged so an operator can match it by time and correlation id.
                        LOG.warn("org {}: a submit of {} {} got no usable answer ({}, HTTP {}, correlation id {}); "
                                        + "the platform may hold an orphaned job from it, which expires unread; {}",
                                org.orgId(), kind.wireName(), window.toInterval(), lost.kind(),
                                lost.details().httpStatus(), lost.correlationId().orElse("none"),
                                id != null ? "the run goes on with job " + id : "the run will be retried");
                    }
                });
    }

    /** A failure after the request may have reached the platform: a 5xx or a request that timed out or broke. */
    private static boolean answerMayBeLost(PlatformException failure) {
        return failure.kind() == dev.orgexport.platform.failure.FailureKind.PLATFORM_UNAVAILABLE
                && !(failure instanceof dev.orgexport.platform.failure.CircuitOpenException);
    }

    /** Polls a job once. The state is normalized ({@link dev.orgexport.platform.api.JobState}); the raw one is kept. */
    public CompletableFuture<JobStatus> status(OrgCredentials org, ExportKind kind, String jobId) {
        requireJobId(jobId);
        return calls.run(org, "status", (target, token) -> client.status(target, token, kind, jobId));
    }

    /**
     * One page of a finished job's results.
     *
     * @param cursor   null for the first page, else the previous page's {@link ResultsPage#nextCursor()}
     * @param pageSize 1 to 10,000 records (1 to 500 for audit queries)
     */
    public CompletableFuture<ResultsPage> resultsPage(OrgCredentials org, ExportKind kind, String jobId, String cursor,
                                                      int pageSize) {
        requireJobId(jobId);
        int max = kind == ExportKind.AUDIT_EVENTS ? 500 : 10_000;
        if (pageSize < 1 || pageSize > max) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + max + " for " + kind
                    + ", but was " + pageSize);
        }
        return calls.run(org, "results", (target, token) -> client.resultsPage(target, token, kind, jobId, cursor,
                pageSize));
    }

    /** Cancels an analytics job; audit queries cannot be cancelled, so this completes at once for them. */
    public CompletableFuture<Void> cancel(OrgCredentials org, ExportKind kind, String jobId) {
        requireJobId(jobId);
        return calls.run(org, "cancel", (target, token) -> client.cancel(target, token, kind, jobId));
    }

    /** The org as the platform sees it ({@code organizations/me}); also proves the credentials work. */
    public CompletableFuture<OrganizationInfo> organization(OrgCredentials org) {
        return calls.run(org, "organization", client::organizationsMe);
    }

    /** The org's circuit breaker now: state and, when open, the reopen time. */
    public BreakerView breaker(String orgId) {
        return circuits.view(orgId);
    }

    /** Drops the org's cached tokens, e.g. after its configuration changed. */
    /**
     * An operator released the org (its configuration was fixed): closes its breaker and drops
     * its cached token, so the next call requests a token with the current configuration.
     *
     * @return true when the breaker was open or half-open
     */
    public boolean release(String orgId) {
        tokens.evict(orgId);
        return circuits.close(orgId);
    }

    public void forget(String orgId) {
        tokens.evict(orgId);
    }

    /** A diagnoser sharing this gateway's HTTP client and regions (it bypasses cache and breakers). */
    public Diagnoser diagnoser() {
        return diagnoser;
    }

    public RegionDirectory regions() {
        return regions;
    }

    /** Events dropped because the listener fell too far behind. */
    public long droppedEvents() {
        return events.dropped();
    }

    /**
     * Stops the gateway's threads. Calls still in progress fail with a retryable
     * {@code PLATFORM_UNAVAILABLE}; queued listener events are delivered first (up to 5 s).
     */
    @Override
    public void close() {
        calls.failOpenCalls();
        scheduler.shutdownNow();
        client.close();
        events.close();
        LOG.info("platform gateway stopped");
    }

    private void evictIdle() {
        try {
            long idle = settings.resilience().idleEviction().toMillis();
            int evicted = tokens.evictIdle() + circuits.evictIdle(idle) + limiters.evictIdle(idle);
            if (evicted > 0) {
                LOG.debug("evicted {} idle token slots, breakers and limiters", evicted);
            }
        } catch (RuntimeException e) {
            LOG.error("idle eviction failed; will keep running", e);
        }
    }

    private static void requireJobId(String jobId) {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("jobId must not be blank, but was " + (jobId == null ? "null" : "'" + jobId + "'"));
        }
    }

    /**
     * Each org's API budget: the global {@code platform.rate-limit.*} settings, or the org's own
     * {@code apiBudgetPerMinute} once {@link OrgBudgets#set} recorded it. The limiter of every
     * call uses it; callers that size work by an org's budget should too.
     */
    public OrgBudgets orgBudgets() {
        return limiters.budgets();
    }

    /** Builds a {@link PlatformGateway}; every collaborator has a production default. Not thread-safe. */
    public static final class Builder {
        private final PlatformSettings settings;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meters = new SimpleMeterRegistry();
        private PlatformListener listener = PlatformListener.NONE;
        private RandomGenerator random = new Random();
        private SecretResolver secrets = SecretResolver.system();
        private OrganizationPins pins = OrganizationPins.inMemory();

        private Builder(PlatformSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** Default: the system UTC clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Default: a private {@code SimpleMeterRegistry} (meters kept, not published). */
        public Builder meterRegistry(MeterRegistry value) {
            this.meters = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /** Default: {@link PlatformListener#NONE}. */
        public Builder listener(PlatformListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** The jitter source. Default: a {@code java.util.Random}; inject a seeded one in tests. */
        public Builder random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** Default: {@link SecretResolver#system()} (the process environment and files). */
        public Builder secrets(SecretResolver value) {
            this.secrets = Objects.requireNonNull(value, "secrets");
            return this;
        }

        /**
         * Where the first verified token of an org whose organization is not pinned yet pins it.
         * Default: {@link OrganizationPins#inMemory()} (pins last as long as the gateway).
         */
        public Builder organizationPins(OrganizationPins value) {
            this.pins = Objects.requireNonNull(value, "organizationPins");
            return this;
        }

        public PlatformGateway build() {
            return new PlatformGateway(this);
        }
    }
}
