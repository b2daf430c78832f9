package dev.orgexport.cli.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.cli.CliRun;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh PostgreSQL database seeded the way an operator's would be, and the {@code orgexport}
 * command line pointed at it by a {@code --config} file (password by {@code file:} reference):
 * <ul>
 *   <li>orgs {@code alpha} (us-east-1; conversation-details and audit-events hourly), {@code beta}
 *       (eu-central-1; user-details hourly; its secret file does not exist) and {@code delta}
 *       (no exports), applied through {@code orgs apply};</li>
 *   <li>runs through {@code backfill}: alpha 3 windows ending at {@link #to()}, beta 2; then, by
 *       SQL, alpha's oldest SUCCEEDED (42 records), alpha's middle RETRY_WAIT after
 *       CREDENTIALS_REJECTED, beta's oldest FAILED; the others QUEUED; alpha quarantined;</li>
 *   <li>audit rows through the audit store: alpha-old (3 days ago), alpha-1, alpha-2
 *       (CREDENTIALS_REJECTED), beta-1 (MISSING_PERMISSION) and beta-skip (no failure kind).</li>
 * </ul>
 */
final class SeededDatabase implements AutoCloseable {

    static final String SHA256 = "ab".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Database database;
    private final Path config;
    private final Map<String, AuditEvent> events = new LinkedHashMap<>();
    private Path registry;
    private Instant to;
    private CliRun.Result applied;
    private CliRun.Result alphaBackfill;

    private SeededDatabase(Path directory, Database database, Path config) {
        this.directory = directory;
        this.database = database;
        this.config = config;
    }

    static SeededDatabase create(Path directory) throws Exception {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("clioperator");
        SeededDatabase seeded = new SeededDatabase(directory,
                Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password())),
                writeConfig(directory, fresh));
        try {
            seeded.seed();
        } catch (Exception | AssertionError e) {
            seeded.close();
            throw e;
        }
        return seeded;
    }

    private void seed() throws Exception {
        registry = write("orgs.yaml", registryYaml(""));
        applied = succeeded(cli("orgs", "apply", registry.toString()));

        to = Instant.now().truncatedTo(ChronoUnit.HOURS);
        alphaBackfill = succeeded(cli("backfill", "--org", "alpha", "--kind", "conversation-details",
                "--from", hoursBefore(3).toString(), "--to", to.toString()));
        succeeded(cli("backfill", "--org", "beta", "--kind", "user-details",
                "--from", hoursBefore(2).toString(), "--to", to.toString()));

        // Variety the commands cannot create without a worker.
        update("UPDATE export_run SET state = 'SUCCEEDED', attempt = 1, result_location = '/exports/alpha/a.ndjson.gz', "
                + "record_count = 42, byte_count = 4200, sha256 = '" + SHA256 + "', finished_at = now() "
                + "WHERE org_id = 'alpha' AND window_start = ?", hoursBefore(3));
        update("UPDATE export_run SET state = 'RETRY_WAIT', attempt = 1, next_attempt_at = now() + interval '5 minutes', "
                + "last_failure_kind = 'CREDENTIALS_REJECTED', last_failure_message = 'invalid_client' "
                + "WHERE org_id = 'alpha' AND window_start = ?", hoursBefore(2));
        update("UPDATE export_run SET state = 'FAILED', attempt = 3, last_failure_kind = 'MISSING_PERMISSION', "
                + "finished_at = now() WHERE org_id = 'beta' AND window_start = ?", hoursBefore(2));
        quarantine("alpha");

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        audit("alpha-old", failure("alpha", now.minus(Duration.ofDays(3)), "CREDENTIALS_REJECTED", 401, "an old hint"));
        audit("alpha-1", failure("alpha", now.minus(Duration.ofMinutes(30)), "CREDENTIALS_REJECTED", 401, "first hint"));
        audit("alpha-2", failure("alpha", now.minus(Duration.ofMinutes(20)), "CREDENTIALS_REJECTED", 401,
                "wrong secret, wrong region, or rotated: run orgexport diagnose"));
        audit("beta-1", failure("beta", now.minus(Duration.ofMinutes(10)), "MISSING_PERMISSION", 403,
                "grant analytics:userDetail:view to the client's role"));
        audit("beta-skip", new AuditEvent(UUID.randomUUID(), now.minus(Duration.ofMinutes(5)), "beta", "orgexport", "SYSTEM",
                "SkipWindows", "ExportSchedule", "beta", "Beta Europe", "WARNING", "WINDOWS_SKIPPED",
                "2 windows skipped after an outage", AuditEvent.Context.NONE));
    }

    /** The {@code --config} file pointing at this database. */
    Path config() {
        return config;
    }

    /** Runs {@code orgexport ARGS --config FILE}. */
    CliRun.Result cli(String... args) {
        String[] withConfig = Arrays.copyOf(args, args.length + 2);
        withConfig[args.length] = "--config";
        withConfig[args.length + 1] = config.toString();
        return CliRun.run(withConfig);
    }

    /** Runs a listing that must succeed and print a JSON array. */
    JsonNode json(String... args) {
        CliRun.Result result = succeeded(cli(args));
        try {
            JsonNode node = JSON.readTree(result.out());
            assertThat(node.isArray()).as(result.out()).isTrue();
            return node;
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + result.printed(), e);
        }
    }

    /** The end of the backfilled windows: the hour that began last when the database was seeded. */
    Instant to() {
        return to;
    }

    Instant hoursBefore(int hours) {
        return to.minus(Duration.ofHours(hours));
    }

    Path registry() {
        return registry;
    }

    /** What the seeding {@code orgs apply} printed. */
    CliRun.Result applied() {
        return applied;
    }

    /** What the seeding backfill of alpha printed. */
    CliRun.Result alphaBackfill() {
        return alphaBackfill;
    }

    AuditEvent event(String name) {
        return events.get(name);
    }

    String id(String name) {
        return events.get(name).id().toString();
    }

    /** The registry file's text: alpha, beta and delta, then {@code moreOrgs} (list items of 2-space indent). */
    String registryYaml(String moreOrgs) {
        return """
                # written by the operator command tests
                orgs:
                  - id: alpha
                    name: Alpha Inc.
                    region: us-east-1
                    clientId: alpha-client
                    secret: env:ALPHA_SECRET
                    exports:
                      - kind: conversation-details
                        every: PT1H
                      - kind: audit-events
                        every: PT1H
                  - id: beta
                    name: Beta Europe
                    region: eu-central-1
                    clientId: beta-client
                    secret: file:%s
                    exports:
                      - kind: user-details
                        every: PT1H
                  - id: delta
                    name: Delta (no exports)
                    region: us-west-2
                    clientId: delta-client
                    secret: env:DELTA_SECRET
                """.formatted(betaSecret()) + moreOrgs;
    }

    /** Where beta's secret would be: no such file. */
    Path betaSecret() {
        return directory.resolve("missing-beta-secret");
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    }

    void quarantine(String org) throws SQLException {
        update("INSERT INTO org_quarantine (org_id, reason, since, until, set_by) "
                + "VALUES ('" + org + "', 'CREDENTIALS_REJECTED', now(), now() + interval '1 hour', 'worker-a')");
    }

    /** Runs an SQL statement that must change exactly one row. */
    void update(String sql, Instant... parameters) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, OffsetDateTime.ofInstant(parameters[i], ZoneOffset.UTC));
            }
            assertThat(statement.executeUpdate()).as(sql).isEqualTo(1);
        }
    }

    long count(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public void close() {
        database.close();
    }

    private static CliRun.Result succeeded(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.printed()).isZero();
        return result;
    }

    private static Path writeConfig(Path directory, FreshDatabase fresh) throws IOException {
        Path password = directory.resolve("pgpassword");
        // Embedded PostgreSQL trusts loopback and has no password; an empty secret file is refused.
        Files.writeString(password, (fresh.password() == null ? "unused-by-trust-auth" : fresh.password()) + "\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        List<String> lines = new ArrayList<>(List.of(
                "# written by the operator command tests",
                "database.url = " + fresh.jdbcUrl(),
                "database.password = file:" + password,
                "database.pool-size = 2",
                "# never leave loopback, even if a command tried the platform",
                "platform.base-url = http://127.0.0.1:9/{region}"));
        if (fresh.user() != null) {
            lines.add("database.user = " + fresh.user());
        }
        return Files.write(directory.resolve("orgexport.conf"), lines, StandardCharsets.UTF_8);
    }

    private AuditEvent failure(String org, Instant at, String kind, int httpStatus, String hint) {
        return new AuditEvent(UUID.randomUUID(), at, org, "orgexport-worker", "SYSTEM", "AuthenticateOrg", "OAuthClient",
                org + "-client", org, "FAILURE", kind, "token request rejected: invalid_client",
                new AuditEvent.Context(org.equals("alpha") ? "us-east-1" : "eu-central-1", "login.example.test", httpStatus,
                        "invalid_client", "corr-" + org + "-" + events.size(), kind, hint, null, 1, "worker-a"));
    }

    private void audit(String name, AuditEvent event) {
        new PostgresAuditStore(database.dataSource()).append(event);
        events.put(name, event);
    }
}
