package dev.orgexport.simulator;

import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.task.ExportKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link Simulator} starts with: the extra regions (beyond the built-in
 * {@link RegionCatalog}), the orgs and their OAuth clients, the limits, the job timings, the
 * data sizing, the initial faults and optional TLS. Immutable; validated on construction with
 * messages naming the field, the rule and the value. Build it in code with {@link #builder()} or
 * read it from YAML with {@link #fromYaml(Path)} (keys documented in the module README).
 *
 * @param regions    regions added to (or replacing) the built-in catalog, id to domain
 * @param orgs       the orgs, unique ids, each in a catalog region
 * @param clients    the OAuth clients, unique ids, each of a listed org
 * @param limits     request budgets
 * @param jobs       export job timings
 * @param data       sizes of the generated data
 * @param faults     faults active from the start (change them at run time on the Simulator)
 * @param tls        when non-null, an HTTPS listener is started too (for the official SDK)
 */
public record SimulatorConfig(
        Map<String, String> regions,
        List<Org> orgs,
        List<Client> clients,
        Limits limits,
        JobTimings jobs,
        DataSizing data,
        Faults faults,
        Tls tls) {

    /** The three export permissions, granted to a client when none are listed. */
    public static final Set<String> ALL_EXPORT_PERMISSIONS = Set.of(
            ExportKind.CONVERSATION_DETAILS.permission(),
            ExportKind.USER_DETAILS.permission(),
            ExportKind.AUDIT_EVENTS.permission());

    public SimulatorConfig {
        regions = Map.copyOf(Objects.requireNonNull(regions, "regions"));
        orgs = List.copyOf(Objects.requireNonNull(orgs, "orgs"));
        clients = List.copyOf(Objects.requireNonNull(clients, "clients"));
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(faults, "faults");
        RegionCatalog catalog = RegionCatalog.builtIn().withAdditions(regions);
        Set<String> orgIds = new HashSet<>();
        for (Org org : orgs) {
            if (!orgIds.add(org.id())) {
                throw new IllegalArgumentException("orgs: ids must be unique, but '" + org.id() + "' appears twice");
            }
            if (catalog.find(org.region()).filter(r -> r.id().equals(org.region())).isEmpty()) {
                throw new IllegalArgumentException("orgs[" + org.id() + "].region must be a region id of the catalog, but was '"
                        + org.region() + "'");
            }
        }
        Set<String> clientIds = new HashSet<>();
        for (Client client : clients) {
            if (!clientIds.add(client.id())) {
                throw new IllegalArgumentException("clients: ids must be unique, but '" + client.id() + "' appears twice");
            }
            if (!orgIds.contains(client.org())) {
                throw new IllegalArgumentException("clients[" + client.id() + "].org must name a listed org, but was '"
                        + client.org() + "'");
            }
        }
        for (String region : faults.latency().keySet()) {
            requireRegion(catalog, "faults.latency", region);
        }
        for (String region : faults.outages()) {
            requireRegion(catalog, "faults.outages", region);
        }
    }

    private static void requireRegion(RegionCatalog catalog, String field, String region) {
        if (catalog.find(region).filter(r -> r.id().equals(region)).isEmpty()) {
            throw new IllegalArgumentException(field + " must name region ids of the catalog, but has '" + region + "'");
        }
    }

    /** The region catalog this configuration serves: the built-in one plus {@link #regions()}. */
    public RegionCatalog catalog() {
        return RegionCatalog.builtIn().withAdditions(regions);
    }

    /**
     * Reads a YAML file. Unknown keys and bad values are errors naming the line.
     *
     * @throws IllegalArgumentException naming the file, line and problem
     */
    public static SimulatorConfig fromYaml(Path file) {
        return YamlConfigReader.read(file);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Lifecycle state of an org, shown by {@code GET /api/v2/organizations/me}. */
    public enum OrgState {
        ACTIVE, INACTIVE, DELETED;

        /** The platform's spelling: {@code active}, {@code inactive}, {@code deleted}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** State of an OAuth client: a DISABLED client gets no token and its tokens stop working. */
    public enum ClientState { ACTIVE, DISABLED }

    /** Whose requests share one API budget: each token (the platform's documented rule) or each client. */
    public enum BudgetScope { TOKEN, CLIENT }

    /**
     * An org.
     *
     * @param id     org id (a UUID on the platform; any non-blank string here)
     * @param name   display name
     * @param region region id, e.g. {@code us-west-2}
     * @param state  org state
     */
    public record Org(String id, String name, String region, OrgState state) {
        public Org {
            requireText("org.id", id);
            requireText("org[" + id + "].name", name);
            requireText("org[" + id + "].region", region);
            Objects.requireNonNull(state, "org[" + id + "].state");
        }

        public static Org of(String id, String name, String region) {
            return new Org(id, name, region, OrgState.ACTIVE);
        }
    }

    /**
     * An OAuth client (client-credentials grant). {@link #toString()} masks the secret.
     *
     * @param id            client id
     * @param name          display name
     * @param secret        client secret
     * @param org           id of the org the client belongs to
     * @param state         ACTIVE or DISABLED
     * @param permissions   permissions granted through the client's roles
     * @param tokenLifetime token validity, 5 minutes to 48 hours on the platform (any positive value here,
     *                      so tests can watch tokens expire)
     */
    public record Client(String id, String name, String secret, String org, ClientState state,
                         Set<String> permissions, Duration tokenLifetime) {
        /** The platform's default token lifetime. */
        public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(24);

        public Client {
            requireText("client.id", id);
            requireText("client[" + id + "].name", name);
            requireText("client[" + id + "].secret", secret);
            requireText("client[" + id + "].org", org);
            Objects.requireNonNull(state, "client[" + id + "].state");
            permissions = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(permissions, "client[" + id + "].permissions")));
            requirePositive("client[" + id + "].tokenLifetime", tokenLifetime);
        }

        /** An ACTIVE client with all three export permissions and a 24 h token lifetime. */
        public static Client of(String id, String secret, String org) {
            return new Client(id, id, secret, org, ClientState.ACTIVE, ALL_EXPORT_PERMISSIONS, DEFAULT_TOKEN_LIFETIME);
        }

        public Client withPermissions(String... granted) {
            return new Client(id, name, secret, org, state, Set.of(granted), tokenLifetime);
        }

        public Client withPermissions(Set<String> granted) {
            return new Client(id, name, secret, org, state, granted, tokenLifetime);
        }

        public Client withState(ClientState newState) {
            return new Client(id, name, secret, org, newState, permissions, tokenLifetime);
        }

        public Client withSecret(String newSecret) {
            return new Client(id, name, newSecret, org, state, permissions, tokenLifetime);
        }

        public Client withTokenLifetime(Duration lifetime) {
            return new Client(id, name, secret, org, state, permissions, lifetime);
        }

        @Override
        public String toString() {
            return "Client[id=" + id + ", name=" + name + ", secret=<masked>, org=" + org + ", state=" + state
                    + ", permissions=" + permissions + ", tokenLifetime=" + tokenLifetime + "]";
        }
    }

    /**
     * Request budgets. Beyond them the simulator answers 429 {@code too.many.requests.retry.after}
     * with {@code Retry-After}. Budgets are fixed one-minute windows that start at the first request.
     *
     * @param apiRequestsPerMinute   API requests per minute per token (or per client, see scope); platform default 300
     * @param tokenRequestsPerMinute token requests per minute per client id (undocumented on the platform; default 120)
     * @param apiBudgetScope         TOKEN (default) or CLIENT: whether a client's tokens share one budget
     */
    public record Limits(int apiRequestsPerMinute, int tokenRequestsPerMinute, BudgetScope apiBudgetScope) {
        public static final Limits DEFAULT = new Limits(300, 120, BudgetScope.TOKEN);

        public Limits {
            requireAtLeast("limits.apiRequestsPerMinute", apiRequestsPerMinute, 1);
            requireAtLeast("limits.tokenRequestsPerMinute", tokenRequestsPerMinute, 1);
            Objects.requireNonNull(apiBudgetScope, "limits.apiBudgetScope");
        }
    }

    /**
     * Export job timings, measured on the simulator's clock. Each job's time in PENDING is drawn
     * from {@code [pending, pendingMax]} (uniformly, seeded by the job id), so durations vary as
     * on the platform, where production connectors see seconds to minutes (fidelity review S6).
     *
     * @param queued     time a job stays QUEUED after submission (default 1 s)
     * @param pending    shortest time it then stays PENDING before FULFILLED (default 2 s)
     * @param resultsTtl time after completion during which results can be read; then the job is
     *                   EXPIRED, and after as long again it is purged (404). Default 1 hour.
     * @param pendingMax longest time in PENDING (default 8 s); at least {@code pending}
     */
    public record JobTimings(Duration queued, Duration pending, Duration resultsTtl, Duration pendingMax) {
        /** Realistic: 3 to 9 s from submission to FULFILLED. Tests and the demo set short timings. */
        public static final JobTimings DEFAULT = new JobTimings(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofHours(1), Duration.ofSeconds(8));

        public JobTimings {
            requireNotNegative("jobs.queued", queued);
            requireNotNegative("jobs.pending", pending);
            requirePositive("jobs.resultsTtl", resultsTtl);
            requireNotNegative("jobs.pendingMax", pendingMax);
            if (pendingMax.compareTo(pending) < 0) {
                throw new IllegalArgumentException("jobs.pendingMax must be at least jobs.pending (" + pending
                        + "), but was " + pendingMax);
            }
        }

        /** Fixed timings: every job stays PENDING exactly {@code pending}. */
        public JobTimings(Duration queued, Duration pending, Duration resultsTtl) {
            this(queued, pending, resultsTtl, pending);
        }

        /** Short fixed timings for tests and the demo: 0 ms QUEUED, {@code pending} PENDING, 1 h results. */
        public static JobTimings quick(Duration pending) {
            return new JobTimings(Duration.ZERO, pending, Duration.ofHours(1));
        }
    }

    /**
     * Sizes of the generated data (see the README for the shapes) and how it arrives.
     *
     * @param minPerHour       fewest conversations and audit events per org and hour (default 5)
     * @param maxPerHour       most conversations and audit events per org and hour (default 30)
     * @param usersPerOrg      users per org, the records of user details exports (default 8)
     * @param availabilityLag  how far {@code dataAvailabilityDate} trails the clock (default 5 min)
     * @param live             true (default): a job sees the data as of its submission: nothing that
     *                         has not started, conversations still in progress without
     *                         {@code conversationEnd}, and each record lands up to
     *                         {@code availabilityLag} late, so only data before the availability
     *                         date is complete. False: every window is complete and final at once
     *                         (the truth), for tests about something else.
     */
    public record DataSizing(int minPerHour, int maxPerHour, int usersPerOrg, Duration availabilityLag, boolean live) {
        public static final Duration DEFAULT_AVAILABILITY_LAG = Duration.ofMinutes(5);
        public static final DataSizing DEFAULT = new DataSizing(5, 30, 8, DEFAULT_AVAILABILITY_LAG, true);

        public DataSizing {
            requireAtLeast("data.minPerHour", minPerHour, 0);
            if (maxPerHour < minPerHour || maxPerHour > 10_000) {
                throw new IllegalArgumentException("data.maxPerHour must be between data.minPerHour (" + minPerHour
                        + ") and 10000, but was " + maxPerHour);
            }
            if (usersPerOrg < 1 || usersPerOrg > 10_000) {
                throw new IllegalArgumentException("data.usersPerOrg must be between 1 and 10000, but was " + usersPerOrg);
            }
            requireNotNegative("data.availabilityLag", availabilityLag);
        }

        /** Live data (the default behaviour) of these sizes. */
        public DataSizing(int minPerHour, int maxPerHour, int usersPerOrg, Duration availabilityLag) {
            this(minPerHour, maxPerHour, usersPerOrg, availabilityLag, true);
        }

        public DataSizing withLive(boolean value) {
            return new DataSizing(minPerHour, maxPerHour, usersPerOrg, availabilityLag, value);
        }
    }

    /**
     * Faults present from the start.
     *
     * @param latency    extra latency per region id, applied to every request of that region
     * @param errors     5xx rules
     * @param outages    region ids whose every request gets 503
     * @param seed       seed of the random draw for error rates below 1, so runs repeat
     */
    public record Faults(Map<String, Duration> latency, List<ErrorRule> errors, Set<String> outages, long seed) {
        public static final Faults NONE = new Faults(Map.of(), List.of(), Set.of(), 42L);

        public Faults {
            latency = Map.copyOf(Objects.requireNonNull(latency, "faults.latency"));
            latency.forEach((region, delay) -> requireNotNegative("faults.latency." + region, delay));
            errors = List.copyOf(Objects.requireNonNull(errors, "faults.errors"));
            outages = Set.copyOf(Objects.requireNonNull(outages, "faults.outages"));
        }
    }

    /**
     * A 5xx rule: requests matching every non-null selector fail with {@code status} at {@code rate}.
     * The first matching rule wins.
     *
     * @param region   region id, or null for any
     * @param org      org id, or null for any (requests whose org is not known yet never match an org rule)
     * @param endpoint endpoint, or null for any
     * @param rate     probability in [0, 1]
     * @param status   500 to 599
     */
    public record ErrorRule(String region, String org, Endpoint endpoint, double rate, int status) {
        public ErrorRule {
            if (!(rate >= 0.0 && rate <= 1.0)) {
                throw new IllegalArgumentException("faults.errors.rate must be between 0 and 1, but was " + rate);
            }
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("faults.errors.status must be a 5xx status, but was " + status);
            }
        }

        public boolean matches(String requestRegion, String requestOrg, Endpoint requestEndpoint) {
            return (region == null || region.equals(requestRegion))
                    && (org == null || org.equals(requestOrg))
                    && (endpoint == null || endpoint == requestEndpoint);
        }
    }

    /**
     * The HTTPS listener. {@link #toString()} masks the password.
     *
     * @param keyStore         PKCS12 key store holding the server key and certificate (with the
     *                         {@code login.<domain>}/{@code api.<domain>} names the clients use)
     * @param keyStorePassword its password
     * @param port             port to bind on 127.0.0.1, 0 for a free one
     */
    public record Tls(Path keyStore, String keyStorePassword, int port) {
        public Tls {
            Objects.requireNonNull(keyStore, "tls.keyStore");
            Objects.requireNonNull(keyStorePassword, "tls.keyStorePassword");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("tls.port must be between 0 and 65535, but was " + port);
            }
        }

        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + ", keyStorePassword=<masked>, port=" + port + "]";
        }
    }

    /** Builds a {@link SimulatorConfig}; every part has the documented default. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> regions = new LinkedHashMap<>();
        private final List<Org> orgs = new ArrayList<>();
        private final List<Client> clients = new ArrayList<>();
        private Limits limits = Limits.DEFAULT;
        private JobTimings jobs = JobTimings.DEFAULT;
        private DataSizing data = DataSizing.DEFAULT;
        private Faults faults = Faults.NONE;
        private Tls tls;

        private Builder() {
        }

        /** Adds a region (id to domain) to the built-in catalog, or replaces one. */
        public Builder region(String id, String domain) {
            regions.put(id, domain);
            return this;
        }

        public Builder org(Org org) {
            orgs.add(org);
            return this;
        }

        /** Adds an ACTIVE org. */
        public Builder org(String id, String name, String region) {
            return org(Org.of(id, name, region));
        }

        public Builder client(Client client) {
            clients.add(client);
            return this;
        }

        /** Adds an ACTIVE client with all export permissions and a 24 h token lifetime. */
        public Builder client(String id, String secret, String org) {
            return client(Client.of(id, secret, org));
        }

        public Builder limits(Limits value) {
            this.limits = value;
            return this;
        }

        public Builder jobs(JobTimings value) {
            this.jobs = value;
            return this;
        }

        public Builder data(DataSizing value) {
            this.data = value;
            return this;
        }

        public Builder faults(Faults value) {
            this.faults = value;
            return this;
        }

        public Builder tls(Tls value) {
            this.tls = value;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(regions, orgs, clients, limits, jobs, data, faults, tls);
        }
    }

    static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void requireAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", but was " + value);
        }
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be a positive duration, but was " + value);
        }
    }

    private static void requireNotNegative(String field, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be zero or positive, but was " + value);
        }
    }
}
