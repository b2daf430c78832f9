package dev.orgexport.cli.operator;

import static dev.orgexport.cli.operator.ListingText.byField;
import static dev.orgexport.cli.operator.ListingText.column;
import static dev.orgexport.cli.operator.ListingText.row;
import static dev.orgexport.cli.operator.ListingText.table;
import static dev.orgexport.cli.operator.ListingText.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orgexport.cli.CliRun;
import dev.orgexport.schema.audit.AuditEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit tail|summary}, the operator controls ({@code orgs pause|resume|release}) and
 * {@code diagnose} against one seeded PostgreSQL for the class (see {@link SeededDatabase}).
 * Every listing is checked in text and in {@code --json}.
 */
class AuditAndControlCommandsIT {

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

    // ---------------------------------------------------------------- audit

    @Test
    void audit_tail_prints_the_last_day_oldest_first_in_text_and_json() {
        JsonNode tail = json("audit", "tail", "--json");
        List<String> ids = values(tail, "id");
        assertThat(ids).as("the default --since is PT24H").doesNotContain(db.id("alpha-old"));
        assertThat(ids).containsSubsequence(db.id("alpha-1"), db.id("alpha-2"), db.id("beta-1"), db.id("beta-skip"));

        JsonNode first = byField(tail, "id").get(db.id("alpha-1"));
        AuditEvent expected = db.event("alpha-1");
        assertThat(Instant.parse(first.get("eventDate").asText())).isEqualTo(expected.eventDate());
        assertThat(first.get("action").asText()).isEqualTo("AuthenticateOrg");
        assertThat(first.get("status").asText()).isEqualTo("FAILURE");
        assertThat(first.get("context").get("failureKind").asText()).isEqualTo("CREDENTIALS_REJECTED");
        assertThat(first.get("context").get("httpStatus").asInt()).isEqualTo(401);
        assertThat(first.get("context").get("correlationId").asText()).isEqualTo("corr-alpha-1");

        List<List<String>> table = table(cli("audit", "tail"));
        assertThat(table.get(0)).containsExactly("DATE", "ORG", "ACTION", "STATUS", "KIND", "REGION", "HTTP", "CORRELATION",
                "CLIENT", "MESSAGE");
        assertThat(row(table, expected.eventDate().toString())).containsExactly(expected.eventDate().toString(), "alpha",
                "AuthenticateOrg", "FAILURE", "CREDENTIALS_REJECTED", "us-east-1", "401", "corr-alpha-1", "alpha-client",
                "token request rejected: invalid_client");
        AuditEvent skip = db.event("beta-skip");
        assertThat(row(table, skip.eventDate().toString())).containsExactly(skip.eventDate().toString(), "beta",
                "SkipWindows", "WARNING", "-", "-", "-", "-", "beta", "2 windows skipped after an outage");
    }

    @Test
    void audit_tail_filters_by_org_and_since() {
        assertThat(values(seeded(json("audit", "tail", "--org", "alpha", "--json")), "id"))
                .containsExactly(db.id("alpha-1"), db.id("alpha-2"));
        assertThat(values(seeded(json("audit", "tail", "--org", "alpha", "--since", "P7D", "--json")), "id"))
                .containsExactly(db.id("alpha-old"), db.id("alpha-1"), db.id("alpha-2"));
        assertThat(values(seeded(json("audit", "tail", "--org", "beta", "--since",
                db.event("beta-skip").eventDate().toString(), "--json")), "id")).containsExactly(db.id("beta-skip"));

        List<List<String>> alphaRows = table(cli("audit", "tail", "--org", "alpha"));
        assertThat(column(alphaRows, 1)).containsExactly("ORG", "alpha", "alpha", "alpha");
    }

    @Test
    void the_seeds_orgs_apply_left_one_add_org_row_per_org_naming_the_operator() {
        JsonNode rows = json("audit", "tail", "--since", "P1D", "--json");

        List<JsonNode> added = StreamSupport.stream(rows.spliterator(), false)
                .filter(row -> row.get("action").asText().equals("AddOrg")).toList();
        assertThat(added).extracting(row -> row.get("orgId").asText()).containsExactlyInAnyOrder("alpha", "beta", "delta");
        assertThat(added).allSatisfy(row -> {
            assertThat(row.get("level").asText()).isEqualTo("USER");
            assertThat(row.get("message").asText()).contains(" added to the registry by " + System.getProperty("user.name")
                    + " applying ", ", secret ");
        });
    }

    /** The rows of an audit listing less the AddOrg rows of the seed's {@code orgs apply}. */
    private static ArrayNode seeded(JsonNode rows) {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        rows.forEach(row -> {
            if (!row.get("action").asText().equals("AddOrg")) {
                kept.add(row);
            }
        });
        return kept;
    }

    @Test
    void audit_summary_groups_failures_per_org_and_kind_with_the_last_hint_and_the_quarantine() {
        JsonNode summary = json("audit", "summary", "--json");

        assertThat(summary).hasSize(2);
        JsonNode alpha = summary.get(0);
        assertThat(alpha.get("orgId").asText()).isEqualTo("alpha");
        assertThat(alpha.get("failureKind").asText()).isEqualTo("CREDENTIALS_REJECTED");
        assertThat(alpha.get("failures").asLong()).as("the old failure is before the default --since").isEqualTo(2);
        assertThat(Instant.parse(alpha.get("lastFailure").asText())).isEqualTo(db.event("alpha-2").eventDate());
        assertThat(alpha.get("hint").asText()).isEqualTo("wrong secret, wrong region, or rotated: run orgexport diagnose");
        assertThat(Instant.parse(alpha.get("quarantinedUntil").asText())).isAfter(Instant.now());
        JsonNode beta = summary.get(1);
        assertThat(beta.get("orgId").asText()).isEqualTo("beta");
        assertThat(beta.get("failureKind").asText()).isEqualTo("MISSING_PERMISSION");
        assertThat(beta.get("failures").asLong()).isEqualTo(1);
        assertThat(beta.get("quarantinedUntil").isNull()).isTrue();

        List<List<String>> table = table(cli("audit", "summary"));
        assertThat(table.get(0)).containsExactly("ORG", "FAILURE KIND", "COUNT", "LAST", "QUARANTINED UNTIL", "HINT");
        assertThat(table).hasSize(3);
        assertThat(row(table, "alpha")).startsWith("alpha", "CREDENTIALS_REJECTED", "2", db.event("alpha-2").eventDate().toString())
                .endsWith("wrong secret, wrong region, or rotated: run orgexport diagnose");
        assertThat(row(table, "beta")).containsExactly("beta", "MISSING_PERMISSION", "1",
                db.event("beta-1").eventDate().toString(), "-", "grant analytics:userDetail:view to the client's role");

        JsonNode week = json("audit", "summary", "--since", "P7D", "--json");
        assertThat(week.get(0).get("failures").asLong()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- controls, diagnose

    @Test
    void pause_resume_and_release_each_change_the_org_and_leave_an_audit_row() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        db.quarantine("delta");

        CliRun.Result pause = cli("orgs", "pause", "delta", "--operator", "tester");
        boolean pausedAfterPause = byField(json("orgs", "list", "--json"), "id").get("delta").get("paused").asBoolean();
        CliRun.Result resume = cli("orgs", "resume", "delta", "--operator", "tester");
        boolean pausedAfterResume = byField(json("orgs", "list", "--json"), "id").get("delta").get("paused").asBoolean();
        CliRun.Result release = cli("orgs", "release", "delta", "--operator", "tester");

        assertThat(pause.exitCode()).as(pause.printed()).isZero();
        assertThat(pause.out()).isEqualTo("org delta paused by tester\n");
        assertThat(pausedAfterPause).isTrue();
        assertThat(resume.exitCode()).as(resume.printed()).isZero();
        assertThat(resume.out()).isEqualTo("org delta resumed by tester\n");
        assertThat(pausedAfterResume).isFalse();
        assertThat(release.exitCode()).as(release.printed()).isZero();
        assertThat(release.out()).startsWith("org delta released from quarantine by tester");
        assertThat(db.count("SELECT count(*) FROM org_quarantine WHERE org_id = 'delta'")).isZero();

        JsonNode rows = seeded(json("audit", "tail", "--org", "delta", "--since", before.toString(), "--json"));
        assertThat(values(rows, "action")).containsExactly("PauseOrg", "ResumeOrg", "ReleaseOrg");
        assertThat(values(rows, "messageCode")).containsExactly("ORG_PAUSED", "ORG_RESUMED", "ORG_RELEASED");
        for (JsonNode row : rows) {
            assertThat(row.get("level").asText()).isEqualTo("USER");
            assertThat(row.get("message").asText()).contains("tester");
        }
    }

    @Test
    void a_control_of_an_unknown_org_fails_and_names_it() {
        CliRun.Result result = cli("orgs", "pause", "nobody", "--operator", "tester");

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("orgexport: no org 'nobody' in the registry; see orgexport orgs list\n");
    }

    @Test
    void diagnose_of_an_unknown_org_is_a_usage_error_naming_it() {
        CliRun.Result result = cli("diagnose", "--org", "nobody");

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("orgexport: unknown org 'nobody'",
                "Try 'orgexport diagnose --help' for more information.");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void diagnose_of_an_org_whose_secret_cannot_be_read_exits_1_with_the_cause_first() {
        CliRun.Result result = cli("diagnose", "--org", "beta");

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
        assertThat(result.out().lines().findFirst()).hasValueSatisfying(cause -> assertThat(cause)
                .startsWith("org beta: ").contains("file:" + db.betaSecret()));
    }

    private static CliRun.Result cli(String... args) {
        return db.cli(args);
    }

    private static JsonNode json(String... args) {
        return db.json(args);
    }
}
