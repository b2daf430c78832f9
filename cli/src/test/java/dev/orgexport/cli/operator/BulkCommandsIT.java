package dev.orgexport.cli.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.cli.CliRun;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk operator commands in one process, on real PostgreSQL: a registry of 50 orgs sharing one
 * export list through a YAML anchor, {@code backfill --all} over every org and kind, and
 * {@code orgs pause|resume|release} on several orgs and {@code --all}, each with a progress line
 * per item and a summary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkCommandsIT {

    private static final int ORGS = 50;

    @TempDir
    static Path directory;
    private static Database database;
    private static Path config;

    @BeforeAll
    static void registryOfFiftyOrgs() throws Exception {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("bulk");
        database = Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password()));
        Path password = directory.resolve("pgpassword");
        Files.writeString(password, (fresh.password() == null ? "unused-by-trust-auth" : fresh.password()) + "\n");
        Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        List<String> lines = new ArrayList<>(List.of("database.url = " + fresh.jdbcUrl(),
                "database.password = file:" + password, "platform.base-url = http://127.0.0.1:9/{region}"));
        if (fresh.user() != null) {
            lines.add("database.user = " + fresh.user());
        }
        config = Files.write(directory.resolve("orgexport.conf"), lines, StandardCharsets.UTF_8);
        StringBuilder yaml = new StringBuilder("""
                x-every-kind: &every-kind
                  - kind: conversation-details
                    every: PT1H
                  - kind: user-details
                    every: PT1H
                  - kind: audit-events
                    every: PT1H
                x-us: &us
                  region: us-east-1
                  exports: *every-kind
                orgs:
                """);
        for (int i = 1; i <= ORGS; i++) {
            String id = String.format("org-%02d", i);
            yaml.append("  - <<: *us\n    id: ").append(id).append("\n    name: Org ").append(i)
                    .append("\n    clientId: client-").append(id).append("\n    secret: env:SECRET_").append(i).append('\n');
        }
        Path registry = Files.writeString(directory.resolve("orgs.yaml"), yaml);
        CliRun.Result applied = cli("orgs", "apply", registry.toString());
        assertThat(applied.exitCode()).as(applied.printed()).isZero();
        assertThat(applied.out()).contains("added (" + ORGS + ")");
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void backfill_all_over_fifty_orgs_and_three_kinds_runs_in_one_process_with_progress_and_a_summary() throws Exception {
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        Instant from = to.minus(24, ChronoUnit.HOURS);

        long began = System.nanoTime();
        CliRun.Result result = cli("backfill", "--all", "--from", from.toString(), "--to", to.toString());
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("BulkCommandsIT: backfill --all over %d orgs x 3 kinds x 24 windows in one process: %.1f s%n",
                ORGS, seconds);

        assertThat(result.exitCode()).as(result.printed()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).filteredOn(line -> line.startsWith("[")).hasSize(ORGS * 3);
        assertThat(lines.get(0)).isEqualTo("[1/150] org-01 conversation-details: 24 windows, 24 runs created, 0 already existed");
        assertThat(lines.get(149)).startsWith("[150/150] org-50 audit-events: 24 windows, 24 runs created");
        assertThat(lines.get(150)).matches("backfill: 150 of 150 done in [0-9.]+ s: 150 succeeded, 0 skipped, 0 failed; "
                + "3600 windows, 3600 runs created");
        assertThat(count("SELECT count(*) FROM export_run")).isEqualTo(ORGS * 3 * 24);
        assertThat(count("SELECT count(*) FROM outbox")).as("one task per run").isEqualTo(ORGS * 3 * 24);

        CliRun.Result again = cli("backfill", "--org", "org-01,org-02", "--org", "org-03", "--kind", "audit-events",
                "--from", from.toString(), "--to", to.toString());
        assertThat(again.exitCode()).as(again.printed()).isZero();
        assertThat(again.out()).contains("[3/3] org-03 audit-events: 24 windows, 0 runs created, 24 already existed")
                .contains("backfill: 3 of 3 done");
        assertThat(count("SELECT count(*) FROM export_run")).isEqualTo(ORGS * 3 * 24);
    }

    @Test
    @Order(2)
    void a_failed_pair_is_reported_the_others_are_done_and_the_exit_code_says_so() {
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        CliRun.Result result = cli("backfill", "org-04", "nobody", "--kind", "user-details",
                "--from", to.minus(2, ChronoUnit.HOURS).toString(), "--to", to.toString());

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
        assertThat(result.out()).contains("[1/2] org-04 user-details: 2 windows")
                .contains("[2/2] nobody user-details: FAILED: no org 'nobody' in the registry")
                .contains("1 succeeded, 0 skipped, 1 failed").contains("failed:\n  nobody user-details: no org 'nobody'");
    }

    @Test
    @Order(3)
    void pause_several_then_resume_all_acts_on_each_org_once_with_an_audit_row() throws Exception {
        CliRun.Result pause = cli("orgs", "pause", "org-01", "org-02", "--org", "org-03", "--operator", "tester");
        assertThat(pause.exitCode()).as(pause.printed()).isZero();
        assertThat(pause.out()).contains("[1/3] org-01: org org-01 paused by tester")
                .contains("orgs pause: 3 of 3 done").contains("3 changed");
        assertThat(count("SELECT count(*) FROM org WHERE paused")).isEqualTo(3);

        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        CliRun.Result backfill = cli("backfill", "--all", "--kind", "user-details",
                "--from", to.minus(1, ChronoUnit.HOURS).toString(), "--to", to.toString());
        assertThat(backfill.out()).as("paused orgs are skipped by --all").contains("3 skipped, 0 failed")
                .contains("org-02 user-details: skipped: the org is paused");

        CliRun.Result resume = cli("orgs", "resume", "--all", "--operator", "tester");
        assertThat(resume.exitCode()).as(resume.printed()).isZero();
        assertThat(resume.out().lines().filter(line -> line.startsWith("["))).hasSize(ORGS);
        assertThat(resume.out()).contains("orgs resume: 50 of 50 done").contains("3 changed, 47 already so or failed");
        assertThat(count("SELECT count(*) FROM org WHERE paused")).isZero();
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'ResumeOrg'")).isEqualTo(ORGS);

        CliRun.Result release = cli("orgs", "release", "--all", "org-01", "--operator", "tester");
        assertThat(release.exitCode()).isEqualTo(2);
        assertThat(release.err()).contains("give either org ids or --all, not both");
        CliRun.Result none = cli("orgs", "release", "--operator", "tester");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("name at least one org (ORG or --org ORG) or give --all");
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static CliRun.Result cli(String... args) {
        String[] withConfig = Arrays.copyOf(args, args.length + 2);
        withConfig[args.length] = "--config";
        withConfig[args.length + 1] = config.toString();
        return CliRun.run(withConfig);
    }
}
