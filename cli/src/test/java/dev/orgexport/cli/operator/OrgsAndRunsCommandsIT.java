package dev.orgexport.cli.operator;

import static dev.orgexport.cli.operator.ListingText.byField;
import static dev.orgexport.cli.operator.ListingText.column;
import static dev.orgexport.cli.operator.ListingText.row;
import static dev.orgexport.cli.operator.ListingText.table;
import static dev.orgexport.cli.operator.ListingText.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.cli.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orgs apply|list|status}, {@code runs} and {@code backfill} against one seeded PostgreSQL
 * for the class (see {@link SeededDatabase}). Every listing is checked in text and in {@code --json}.
 */
class OrgsAndRunsCommandsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };

    @TempDir
    static Path directory;

    private static SeededDatabase db;

    @BeforeAll
    static void seed() throws Exception {
        db = SeededDatabase.create(directory);
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    // ---------------------------------------------------------------- at a terminal

    @Test
    void at_a_terminal_an_operator_command_prints_its_answer_and_log_lines_only_when_asked() throws Exception {
        String[] runs = {"runs", "--org", "alpha", "--config", db.config().toString()};

        TerminalRun quiet = TerminalRun.of(directory, Map.of(), runs);
        assertThat(quiet.exitCode()).as(quiet.printed()).isZero();
        List<String> lines = quiet.out().lines().toList();
        assertThat(lines.get(0)).as(quiet.printed()).contains("RUN", "ORG", "STATE");
        assertThat(lines.subList(1, lines.size())).as(quiet.printed()).isNotEmpty().allMatch(line -> line.contains(" alpha "));
        assertThat(quiet.err()).as("no log lines on the terminal").isEmpty();

        TerminalRun verbose = TerminalRun.of(directory, Map.of("ORGEXPORT_LOG_LEVEL", "INFO"), runs);
        assertThat(verbose.exitCode()).as(verbose.printed()).isZero();
        assertThat(verbose.out()).isEqualTo(quiet.out());
        assertThat(verbose.err()).as(verbose.printed()).contains("INFO").containsPattern("database ready .*schemaVersion=\\d+");
    }

    // ---------------------------------------------------------------- orgs apply

    @Test
    void orgs_apply_printed_the_orgs_it_added_and_applied_them() {
        assertThat(db.applied().out()).contains("added (3):", "+ alpha", "+ beta", "+ delta", "applied in one transaction");
        assertThat(db.applied().err()).isEmpty();
        assertThat(values(json("orgs", "list", "--json"), "id")).containsExactlyInAnyOrder("alpha", "beta", "delta");
    }

    @Test
    void applying_the_same_registry_again_changes_nothing() {
        CliRun.Result again = cli("orgs", "apply", db.registry().toString());

        assertThat(again.exitCode()).as(again.printed()).isZero();
        assertThat(again.out()).contains("unchanged: 3 orgs", "nothing to change").doesNotContain("added");
    }

    @Test
    void a_dry_run_prints_the_diff_and_changes_nothing() throws Exception {
        Path bigger = db.write("orgs-with-gamma.yaml", db.registryYaml("""
                  - id: gamma
                    name: Gamma
                    region: ap-southeast-2
                    clientId: gamma-client
                    secret: env:GAMMA_SECRET
                """).replace("region: eu-central-1", "region: eu-west-1"));

        CliRun.Result dryRun = cli("orgs", "apply", bigger.toString(), "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.printed()).isZero();
        assertThat(dryRun.out()).contains("dry run, nothing changed", "added (1):", "+ gamma", "changed (1):", "~ beta",
                "eu-central-1", "eu-west-1").doesNotContain("applied in one transaction");
        assertThat(db.count("SELECT count(*) FROM org WHERE id = 'gamma'")).isZero();
        JsonNode beta = byField(json("orgs", "list", "--json"), "id").get("beta");
        assertThat(beta.get("region").asText()).isEqualTo("eu-central-1");
    }

    @Test
    void an_invalid_registry_exits_1_with_every_error_by_line_and_changes_nothing() throws Exception {
        Path invalid = db.write("invalid.yaml", """
                orgs:
                  - id: alpha
                    name: Alpha Inc.
                    region: us-east-9
                    clientId: alpha-client
                    secret: hunter2
                    exports:
                      - kind: payroll
                        every: PT1H
                """);

        CliRun.Result result = cli("orgs", "apply", invalid.toString());

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
        assertThat(result.out()).contains(invalid + ": 3 errors, nothing changed",
                "line 4, orgs[0].region: unknown region 'us-east-9'",
                "line 6, orgs[0].secret: secret must be a reference",
                "line 8, orgs[0].exports[0].kind: unknown export kind 'payroll'");
        assertThat(result.out()).as("a secret field's value is never repeated").doesNotContain("hunter2");
        assertThat(db.count("SELECT count(*) FROM org WHERE region = 'us-east-9'")).isZero();
        assertThat(db.count("SELECT count(*) FROM export_schedule WHERE org_id = 'beta'")).isEqualTo(1);
    }

    @Test
    void applying_a_registry_file_that_does_not_exist_fails_naming_it() {
        Path missing = directory.resolve("no-such-orgs.yaml");

        CliRun.Result result = cli("orgs", "apply", missing.toString());

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
        assertThat(result.out() + result.err()).as(result.printed()).contains(missing.toString());
    }

    // ---------------------------------------------------------------- orgs list, status

    @Test
    void orgs_list_shows_every_org_in_text_and_json() {
        List<List<String>> table = table(cli("orgs", "list"));

        assertThat(table.get(0)).containsExactly("ORG", "NAME", "REGION", "ORGANIZATION", "CLIENT", "SECRET", "ENABLED",
                "PAUSED");
        assertThat(column(table, 0)).containsExactly("ORG", "alpha", "beta", "delta");
        assertThat(row(table, "alpha")).containsExactly("alpha", "Alpha Inc.", "us-east-1",
                "not pinned yet (the first verified token pins it)", "alpha-client", "env:ALPHA_SECRET", "true", "false");
        assertThat(row(table, "beta").subList(0, 6)).containsExactly("beta", "Beta Europe", "eu-central-1",
                "not pinned yet (the first verified token pins it)", "beta-client", "file:" + db.betaSecret());

        Map<String, JsonNode> orgs = byField(json("orgs", "list", "--json"), "id");
        assertThat(orgs).containsOnlyKeys("alpha", "beta", "delta");
        JsonNode alpha = orgs.get("alpha");
        assertThat(alpha.get("name").asText()).isEqualTo("Alpha Inc.");
        assertThat(alpha.get("region").asText()).isEqualTo("us-east-1");
        assertThat(alpha.get("clientId").asText()).isEqualTo("alpha-client");
        assertThat(alpha.get("secretRef").asText()).isEqualTo("env:ALPHA_SECRET");
        assertThat(alpha.get("enabled").asBoolean()).isTrue();
        assertThat(alpha.get("paused").asBoolean()).isFalse();
        assertThat(orgs.get("beta").get("region").asText()).isEqualTo("eu-central-1");
    }

    @Test
    void orgs_status_counts_the_runs_of_each_org_per_state_in_text_and_json() {
        List<List<String>> both = table(cli("orgs", "status"));
        int blank = both.indexOf(List.of(""));
        assertThat(blank).as("a blank line between the run counts and the freshness: %s", both).isPositive();
        List<List<String>> table = both.subList(0, blank);

        assertThat(table.get(0)).containsExactly("ORG", "QUEUED", "RUNNING", "RETRY_WAIT", "SUCCEEDED", "FAILED", "CANCELLED",
                "ORGANIZATION");
        String unpinned = "not pinned yet (the first verified token pins it)";
        assertThat(table.subList(1, table.size())).as("orgs without runs are not listed").containsExactly(
                List.of("alpha", "1", "0", "1", "1", "0", "0", unpinned),
                List.of("beta", "1", "0", "0", "0", "1", "0", unpinned));

        JsonNode status = json("orgs", "status", "--json");
        assertThat(values(status, "orgId")).containsExactly("alpha", "beta");
        assertThat(JSON.convertValue(status.get(0).get("runsByState"), COUNTS))
                .isEqualTo(Map.of("QUEUED", 1L, "RETRY_WAIT", 1L, "SUCCEEDED", 1L));
        assertThat(JSON.convertValue(status.get(1).get("runsByState"), COUNTS)).isEqualTo(Map.of("QUEUED", 1L, "FAILED", 1L));
    }

    @Test
    void orgs_status_shows_the_newest_exported_window_and_the_oldest_missing_one_per_org_and_kind() {
        List<List<String>> both = table(cli("orgs", "status"));
        List<List<String>> freshness = both.subList(both.indexOf(List.of("")) + 1, both.size());

        assertThat(freshness.get(0)).containsExactly("ORG", "KIND", "NEWEST EXPORTED", "MISSING", "OLDEST MISSING", "LATE BY");
        List<String> alpha = freshness.stream().filter(r -> r.get(0).equals("alpha") && r.get(1).equals("conversation-details"))
                .findFirst().orElseThrow(() -> new AssertionError("no alpha conversation-details row in " + freshness));
        assertThat(alpha.get(2)).isEqualTo("up to " + db.hoursBefore(2));
        assertThat(Long.parseLong(alpha.get(3))).as("the RETRY_WAIT and the QUEUED window at least").isGreaterThanOrEqualTo(2);
        assertThat(alpha.get(4)).isEqualTo(db.hoursBefore(2).toString());
        assertThat(alpha.get(5)).as("the window ended between one and two hours ago").matches("1h \\d+m");

        JsonNode status = json("orgs", "status", "--json");
        JsonNode beta = byField(status, "orgId").get("beta").get("freshness");
        JsonNode userDetails = byField(beta, "kind").get("user-details");
        assertThat(userDetails.get("newestExportedEnd").isNull()).as("beta never exported user details").isTrue();
        assertThat(userDetails.get("oldestMissingStart").asText()).isEqualTo(db.hoursBefore(2).toString());
        assertThat(userDetails.get("oldestMissingAgeSeconds").asLong()).isBetween(3_600L, 7_200L);
    }

    // ---------------------------------------------------------------- runs, backfill

    @Test
    void runs_lists_every_run_newest_window_first_in_text_and_json() {
        List<List<String>> table = table(cli("runs"));

        assertThat(table.get(0)).containsExactly("RUN", "ORG", "KIND", "WINDOW START", "STATE", "ATTEMPT", "RECORDS",
                "NEXT ATTEMPT", "LAST FAILURE");
        List<List<String>> rows = table.subList(1, table.size());
        assertThat(rows).extracting(r -> r.get(1) + " " + r.get(3) + " " + r.get(4)).containsExactly(
                "alpha " + db.hoursBefore(1) + " QUEUED",
                "beta " + db.hoursBefore(1) + " QUEUED",
                "alpha " + db.hoursBefore(2) + " RETRY_WAIT",
                "beta " + db.hoursBefore(2) + " FAILED",
                "alpha " + db.hoursBefore(3) + " SUCCEEDED");
        assertThat(rows.get(4)).containsSubsequence("conversation-details", "SUCCEEDED", "1", "42", "-", "-");
        assertThat(rows.get(2)).endsWith("CREDENTIALS_REJECTED");

        JsonNode runs = json("runs", "--json");
        assertThat(runs).hasSize(5);
        JsonNode succeeded = runs.get(4);
        assertThat(succeeded.get("orgId").asText()).isEqualTo("alpha");
        assertThat(succeeded.get("kind").asText()).isEqualTo("conversation-details");
        assertThat(Instant.parse(succeeded.get("windowStart").asText())).isEqualTo(db.hoursBefore(3));
        assertThat(Instant.parse(succeeded.get("windowEnd").asText())).isEqualTo(db.hoursBefore(2));
        assertThat(succeeded.get("records").asLong()).isEqualTo(42);
        assertThat(succeeded.get("sha256").asText()).isEqualTo(SeededDatabase.SHA256);
        assertThat(UUID.fromString(succeeded.get("runId").asText())).isNotNull();
    }

    @Test
    void runs_filters_by_org_and_by_state() {
        assertThat(values(json("runs", "--org", "beta", "--json"), "orgId")).containsExactly("beta", "beta");

        JsonNode waiting = json("runs", "--state", "RETRY_WAIT", "--json");
        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).get("orgId").asText()).isEqualTo("alpha");
        assertThat(waiting.get(0).get("lastFailureKind").asText()).isEqualTo("CREDENTIALS_REJECTED");
        assertThat(Instant.parse(waiting.get(0).get("nextAttemptAt").asText())).isAfter(Instant.now());

        assertThat(json("runs", "--org", "beta", "--state", "SUCCEEDED", "--json")).isEmpty();
        List<List<String>> none = table(cli("runs", "--org", "delta"));
        assertThat(none).hasSize(2);
        assertThat(none.get(1)).containsExactly("(none)");

        List<List<String>> queued = table(cli("runs", "--state", "QUEUED", "--org", "alpha"));
        assertThat(queued).hasSize(2);
        assertThat(queued.get(1)).contains("alpha", db.hoursBefore(1).toString(), "QUEUED");
        assertThat(json("runs", "--limit", "2", "--json")).hasSize(2);
    }

    @Test
    void backfill_created_the_runs_and_a_second_backfill_creates_nothing_new() throws Exception {
        assertThat(db.alphaBackfill().out()).contains("3 windows, 3 runs created, 0 already existed");

        CliRun.Result again = cli("backfill", "--org", "alpha", "--kind", "conversation-details",
                "--from", db.hoursBefore(3).toString(), "--to", db.to().toString());

        assertThat(again.exitCode()).as(again.printed()).isZero();
        assertThat(again.out()).contains("3 windows, 0 runs created, 3 already existed");
        assertThat(db.count("SELECT count(*) FROM export_run WHERE org_id = 'alpha'")).isEqualTo(3);
    }

    @Test
    void backfill_takes_durations_back_from_now_each_the_start_of_the_window_holding_that_moment() {
        Instant before = Instant.now();
        CliRun.Result relative = cli("backfill", "--org", "alpha", "--kind", "conversation-details", "--from", "PT3H",
                "--to", "PT1H");
        Instant after = Instant.now();

        assertThat(relative.exitCode()).as(relative.printed()).isZero();
        // alpha's windows are hourly: three hours back is the start of the hour it falls in.
        assertThat(relative.out()).as(relative.printed()).containsAnyOf(
                "from " + before.minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS) + " to "
                        + before.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS) + " (every PT1H): 2 windows",
                "from " + after.minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS) + " to "
                        + after.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS) + " (every PT1H): 2 windows");
    }

    @Test
    void backfill_refuses_a_bound_that_is_neither_an_instant_nor_a_duration_as_a_usage_error() {
        CliRun.Result wrong = cli("backfill", "--org", "alpha", "--kind", "conversation-details", "--from", "yesterday",
                "--to", "PT1H");

        assertThat(wrong.exitCode()).as(wrong.printed()).isEqualTo(2);
        assertThat(wrong.err()).contains("'yesterday' is neither an ISO-8601 instant such as 2026-11-28T00:00:00Z nor a "
                + "duration back from now such as PT3H or P1D");
    }

    @Test
    void backfill_of_an_unknown_org_or_a_kind_it_does_not_export_fails_with_the_reason() {
        CliRun.Result unknown = cli("backfill", "--org", "nobody", "--kind", "user-details",
                "--from", db.hoursBefore(1).toString(), "--to", db.to().toString());
        CliRun.Result noSchedule = cli("backfill", "--org", "beta", "--kind", "audit-events",
                "--from", db.hoursBefore(1).toString(), "--to", db.to().toString());

        assertThat(unknown.exitCode()).as(unknown.printed()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("orgexport: no org 'nobody' in the registry; see orgexport orgs list\n");
        assertThat(noSchedule.exitCode()).as(noSchedule.printed()).isEqualTo(1);
        assertThat(noSchedule.err()).contains("org beta has no audit-events export in the registry");
    }

    private static CliRun.Result cli(String... args) {
        return db.cli(args);
    }

    private static JsonNode json(String... args) {
        return db.json(args);
    }
}
