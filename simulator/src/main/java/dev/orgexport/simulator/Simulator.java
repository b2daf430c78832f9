package dev.orgexport.simulator;

import dev.orgexport.schema.region.Region;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.ClientState;
import dev.orgexport.simulator.SimulatorConfig.ErrorRule;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import dev.orgexport.simulator.SimulatorConfig.Org;
import dev.orgexport.simulator.data.DataGenerator;
import dev.orgexport.simulator.data.RecordQuery;
import dev.orgexport.simulator.faults.WireFault;
import dev.orgexport.simulator.faults.WireFaultRule;
import dev.orgexport.simulator.faults.FaultPlan;
import dev.orgexport.simulator.http.PlatformServer;
import dev.orgexport.simulator.http.Services;
import dev.orgexport.simulator.jobs.JobStore;
import dev.orgexport.simulator.limits.FixedWindowLimiter;
import dev.orgexport.simulator.model.Directory;
import dev.orgexport.simulator.oauth.TokenStore;
import dev.orgexport.simulator.stats.StatsRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in Genesys Cloud on 127.0.0.1: every catalog region's login and API paths under
 * {@link #baseUrl(String)} ({@code http://127.0.0.1:PORT/<region-id>}), also routed by a
 * {@code Host} of {@code login.<domain>} / {@code api.<domain>} (over HTTPS too when
 * {@link SimulatorConfig#tls()} is set). Its admin operations are available here in Java and over
 * HTTP under {@code /__sim/} (see the module README); each takes effect for the next request.
 *
 * <p>Thread-safe. Time (token expiry, job lifecycle, budgets, availability) follows the clock
 * given to {@link #start(SimulatorConfig, int, Clock)}, so a test can move a settable clock
 * instead of waiting. Close it to free the port and threads.
 */
public final class Simulator implements AutoCloseable {

    /** Where {@link #start(SimulatorConfig, int)} listens. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final SimulatorConfig config;
    private final Services services;
    private final ScheduledExecutorService scheduler;
    private final PlatformServer server;
    private volatile BudgetScope budgetScope;

    private Simulator(SimulatorConfig config, Clock clock, String bindHost, int port) {
        this.config = config;
        this.budgetScope = config.limits().apiBudgetScope();
        Directory directory = new Directory(config.catalog());
        config.orgs().forEach(directory::addOrg);
        config.clients().forEach(directory::addClient);
        this.services = new Services(clock, directory, new TokenStore(clock),
                new FixedWindowLimiter(config.limits().apiRequestsPerMinute(), clock),
                new FixedWindowLimiter(config.limits().tokenRequestsPerMinute(), clock),
                () -> budgetScope, new FaultPlan(config.faults()), new JobStore(clock, config.jobs()),
                new DataGenerator(config.data()), config.data(), new StatsRecorder());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(PlatformServer.named("sim-scheduler-"));
        try {
            this.server = PlatformServer.start(services, this, bindHost, port, config.tls(), scheduler);
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
        scheduler.scheduleWithFixedDelay(this::housekeeping, 10, 10, TimeUnit.SECONDS);
    }

    /** Starts on 127.0.0.1:{@code port} (0 for a free port) with the system UTC clock. */
    public static Simulator start(SimulatorConfig config, int port) {
        return start(config, port, Clock.systemUTC());
    }

    /** Starts on 127.0.0.1:{@code port} (0 for a free port) with the given clock. */
    public static Simulator start(SimulatorConfig config, int port, Clock clock) {
        return start(config, LOOPBACK, port, clock);
    }

    /**
     * Starts on {@code bindHost:port}: {@code 0.0.0.0} when other hosts or containers must reach
     * it (as in docker-compose); tests and the demo stay on loopback.
     */
    public static Simulator start(SimulatorConfig config, String bindHost, int port, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(clock, "clock");
        Simulator simulator = new Simulator(config, clock, bindHost, port);
        LOG.info("simulator listening on http://{}:{}{} with {} orgs, {} clients (secrets <masked>), limits {}, jobs {}, data {}",
                bindHost, simulator.port(), simulator.httpsPort() < 0 ? "" : " and https port " + simulator.httpsPort(),
                config.orgs().size(), config.clients().size(), config.limits(), config.jobs(), config.data());
        return simulator;
    }

    /** The HTTP port. */
    public int port() {
        return server.port();
    }

    /** The HTTPS port, or -1 when no TLS is configured. */
    public int httpsPort() {
        return server.httpsPort();
    }

    /**
     * The base URL under which the region's real paths are served, login and API alike:
     * {@code POST {baseUrl}/oauth/token}, {@code GET {baseUrl}/api/v2/tokens/me}.
     *
     * @throws IllegalArgumentException for a region id not in the catalog
     */
    public String baseUrl(String regionId) {
        Region region = services.directory().region(regionId).orElseThrow(() -> new IllegalArgumentException(
                "unknown region id '" + regionId + "'; the catalog has " + catalog().all().stream().map(Region::id).toList()));
        return "http://127.0.0.1:" + port() + "/" + region.id();
    }

    /** The admin API root, {@code http://127.0.0.1:PORT/__sim}. */
    public String adminUrl() {
        return "http://127.0.0.1:" + port() + "/__sim";
    }

    /** The regions served: the built-in catalog plus the configured additions. */
    public RegionCatalog catalog() {
        return services.directory().catalog();
    }

    /** The configuration the simulator started with (run-time changes are not reflected). */
    public SimulatorConfig config() {
        return config;
    }

    public void addOrg(Org org) {
        services.directory().addOrg(org);
    }

    public void addClient(Client client) {
        services.directory().addClient(client);
    }

    /** Revokes every token of the client; its next API call gets 401 bad.credentials. Returns how many were valid. */
    public int revokeTokens(String clientId) {
        requireClient(clientId);
        return services.tokens().revokeAll(clientId);
    }

    /** Every access token this simulator ever issued, revoked or not: for leak scans in tests. */
    public Set<String> issuedTokens() {
        return services.tokens().issued();
    }

    /** Disables the client: no new token, and its existing tokens are refused (401). */
    public void disableClient(String clientId) {
        services.directory().updateClient(clientId, c -> c.withState(ClientState.DISABLED));
    }

    public void enableClient(String clientId) {
        services.directory().updateClient(clientId, c -> c.withState(ClientState.ACTIVE));
    }

    /** Replaces the client's secret; issued tokens stay valid, as on the platform. */
    public void rotateSecret(String clientId, String newSecret) {
        services.directory().updateClient(clientId, c -> c.withSecret(newSecret));
    }

    /** Replaces the client's granted permissions; applies to its existing tokens too. */
    public void setPermissions(String clientId, Set<String> permissions) {
        services.directory().updateClient(clientId, c -> c.withPermissions(permissions));
    }

    /** Delays every request of the region by {@code latency} (zero removes it). */
    public void setLatency(String regionId, Duration latency) {
        requireRegion(regionId);
        services.faults().setLatency(regionId, latency);
    }

    /**
     * Makes requests matching the non-null selectors fail with 503 at {@code rate} (0 to 1); a rule
     * with the same selectors is replaced.
     */
    public void setErrorRate(String regionId, String orgId, Endpoint endpoint, double rate) {
        addErrorRule(new ErrorRule(regionId, orgId, endpoint, rate, 503));
    }

    /** Adds a 5xx rule in front of the others (replacing one with the same selectors). */
    public void addErrorRule(ErrorRule rule) {
        if (rule.region() != null) {
            requireRegion(rule.region());
        }
        services.faults().addErrorRule(rule);
    }

    public void clearErrorRules() {
        services.faults().clearErrorRules();
    }

    /** Takes a region down (every request 503) or back up. */
    public void setRegionOutage(String regionId, boolean down) {
        requireRegion(regionId);
        services.faults().setOutage(regionId, down);
    }

    /** Plays a {@link WireFault} on the requests the rule selects (see {@link WireFaultRule}). */
    public void addWireFault(WireFaultRule rule) {
        services.faults().addWireFault(rule);
    }

    /** Jobs and audit queries held now (submitted, not yet purged). */
    public int jobCount() {
        return services.jobs().size();
    }

    /** Removes every wire fault rule. */
    public void clearWireFaults() {
        services.faults().clearWireFaults();
    }

    /** Changes the budgets; windows already open keep their counts. */
    public void setLimits(Limits limits) {
        services.apiLimiter().setPerMinute(limits.apiRequestsPerMinute());
        services.tokenLimiter().setPerMinute(limits.tokenRequestsPerMinute());
        budgetScope = limits.apiBudgetScope();
    }

    /** Fails a job or audit query now, with the given error message. */
    public void failJob(String jobId, String errorMessage) {
        services.jobs().fail(jobId, errorMessage);
    }

    /** Expires a job's results now. */
    public void expireJob(String jobId) {
        services.jobs().expire(jobId);
    }

    /** The next {@code count} jobs of the org and kind (null: any) fail when they leave QUEUED. */
    public void failNextJobs(String orgId, ExportKind kind, int count, String errorMessage) {
        services.jobs().failNext(orgId, kind, count, errorMessage);
    }

    public SimulatorStats stats() {
        return services.stats().snapshot();
    }

    /** Zeroes the stats and opens fresh budgets for every token and client. */
    public void resetStats() {
        services.stats().reset();
        services.apiLimiter().reset();
        services.tokenLimiter().reset();
    }

    /** What a complete export of the org's records of that kind in [start, end) contains. */
    public Truth truth(String orgId, ExportKind kind, Instant start, Instant end) {
        services.directory().requireOrg(orgId);
        return services.data().truth(RecordQuery.canonical(orgId, kind, start, end));
    }

    /**
     * What a job submitted at {@code asOf} would export for the window (count and SHA-256 of the
     * canonical export of the live view): equal to {@link #truth} once the window has settled,
     * different while records overlapping it are still in progress or have not landed.
     */
    public Truth seenAt(String orgId, ExportKind kind, Instant start, Instant end, Instant asOf) {
        services.directory().requireOrg(orgId);
        return services.data().truth(RecordQuery.canonical(orgId, kind, start, end), asOf);
    }

    @Override
    public void close() {
        int port = port();
        server.close();
        scheduler.shutdownNow();
        LOG.info("simulator on port {} stopped", port);
    }

    /**
     * Runs the periodic housekeeping now (it also runs every 10 s): forgets jobs past their
     * purge time, tokens expired over an hour ago and ended budget windows.
     *
     * @return the number of jobs forgotten
     */
    public int purgeExpired() {
        int jobs = services.jobs().purge();
        services.tokens().purge(Duration.ofHours(1));
        services.apiLimiter().purge();
        services.tokenLimiter().purge();
        return jobs;
    }

    private void housekeeping() {
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            LOG.warn("simulator housekeeping failed, will keep running", e);
        }
    }

    private void requireClient(String clientId) {
        services.directory().client(clientId)
                .orElseThrow(() -> new java.util.NoSuchElementException("client '" + clientId + "' does not exist"));
    }

    private void requireRegion(String regionId) {
        services.directory().region(regionId).orElseThrow(() -> new IllegalArgumentException("unknown region id '" + regionId + "'"));
    }

}
