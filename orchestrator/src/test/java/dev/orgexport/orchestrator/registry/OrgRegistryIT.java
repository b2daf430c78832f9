package dev.orgexport.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.orchestrator.support.TestDatabase;
import dev.orgexport.schema.region.RegionCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrgRegistryIT {

    private static final Instant NOW = Instant.parse("2030-03-04T10:37:12Z");
    private static final Path EXAMPLE = Path.of("..", "examples", "orgs.yaml");

    @TempDir
    Path directory;
    private TestDatabase db;
    private OrgRegistry registry;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.create("registry");
        registry = new OrgRegistry(db.dataSource(), new SettableClock(NOW), RegionCatalog.builtIn(), RegistryConfig.defaults());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void applying_the_example_adds_every_org_with_schedules_starting_at_the_window_in_progress() {
        ApplyResult result = registry.apply(EXAMPLE, false);
        System.out.println(result.render());

        assertThat(result.valid()).isTrue();
        assertThat(result.applied()).isTrue();
        assertThat(result.diff().added()).extracting(RegistryDiff.Change::orgId)
                .containsExactly("acme-us", "acme-eu", "globex-apac", "umbrella-emea", "initech-legacy");
        assertThat(db.query("SELECT id, region, enabled FROM org ORDER BY id")).containsExactly(
                List.of("acme-eu", "eu-central-1", true), List.of("acme-us", "us-east-1", true),
                List.of("globex-apac", "ap-southeast-2", true), List.of("initech-legacy", "us-west-2", false),
                List.of("umbrella-emea", "eu-west-2", true));
        assertThat(nextWindowStart("acme-us", "conversation-details")).isEqualTo(Instant.parse("2030-03-04T10:30:00Z"));
        assertThat(nextWindowStart("acme-us", "audit-events")).isEqualTo(Instant.parse("2030-03-04T10:00:00Z"));
        assertThat(nextWindowStart("globex-apac", "audit-events")).isEqualTo(Instant.parse("2030-03-04T00:00:00Z"));
        assertThat(nextWindowStart("umbrella-emea", "audit-events")).as("from the shared *hourly list")
                .isEqualTo(Instant.parse("2030-03-04T10:00:00Z"));
        assertThat(db.query("SELECT organization_id, api_budget_per_minute FROM org WHERE id = 'acme-eu'"))
                .containsExactly(List.of("2f1e7b9c-3d4a-4e8f-b6c5-7a9d0e1f2b3c", 600));
        assertThat(db.count("SELECT count(*) FROM export_schedule")).isEqualTo(8);
    }

    @Test
    void applying_the_same_file_again_changes_nothing() {
        registry.apply(EXAMPLE, false);
        List<List<Object>> before = snapshot();

        ApplyResult again = registry.apply(EXAMPLE, false);

        assertThat(again.diff().isEmpty()).isTrue();
        assertThat(again.diff().unchanged()).isEqualTo(5);
        assertThat(again.render()).contains("nothing to change");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void changes_are_listed_and_an_org_missing_from_the_file_is_disabled_never_deleted() {
        registry.apply(write("""
                orgs:
                  - id: acme
                    name: Acme
                    region: us-east-1
                    clientId: c-1
                    secret: env:ACME
                    exports:
                      - {kind: conversation-details, every: PT15M}
                      - {kind: audit-events, every: PT1H}
                  - id: globex
                    name: Globex
                    region: eu-west-1
                    clientId: c-2
                    secret: env:GLOBEX
                """), false);
        db.update("INSERT INTO export_run (run_id, org_id, kind, window_start, window_end, state) "
                + "VALUES (gen_random_uuid(), 'globex', 'audit-events', now(), now() + interval '1 hour', 'FAILED')");

        ApplyResult result = registry.apply(write("""
                orgs:
                  - id: acme
                    name: Acme
                    region: us-west-2
                    clientId: c-1
                    secret: file:/run/secrets/acme
                    exports:
                      - {kind: conversation-details, every: PT30M, lag: PT5M}
                """), false, "alice");
        System.out.println(result.render());

        assertThat(result.diff().changed()).singleElement().satisfies(change -> assertThat(change.details()).containsExactly(
                "region us-east-1 -> us-west-2",
                "secret env:ACME -> file:/run/secrets/acme",
                "export conversation-details: every PT15M -> PT30M, lag PT0S -> PT5M",
                "export audit-events removed (schedule disabled, its runs kept)"));
        assertThat(result.diff().disabled()).extracting(RegistryDiff.Change::orgId).containsExactly("globex");
        assertThat(db.query("SELECT id, enabled FROM org ORDER BY id"))
                .containsExactly(List.of("acme", true), List.of("globex", false));
        assertThat(db.count("SELECT count(*) FROM export_run WHERE org_id = 'globex'")).isEqualTo(1);
        assertThat(db.query("SELECT kind, enabled FROM export_schedule WHERE org_id = 'acme' ORDER BY kind"))
                .containsExactly(List.of("audit-events", false), List.of("conversation-details", true));
        // Every change is in the audit trail, with who applied which file.
        assertThat(db.query("SELECT org_id, action, level, message_code, entity_name, region FROM audit_event "
                + "ORDER BY org_id, action")).containsExactly(
                List.of("acme", "AddOrg", "USER", "ORG_ADDED", "Acme", "us-east-1"),
                List.of("acme", "UpdateOrg", "USER", "ORG_CHANGED", "Acme", "us-west-2"),
                List.of("globex", "AddOrg", "USER", "ORG_ADDED", "Globex", "eu-west-1"),
                List.of("globex", "DisableOrg", "USER", "ORG_DISABLED", "Globex", "eu-west-1"));
        assertThat(db.query("SELECT message FROM audit_event WHERE action = 'UpdateOrg'")).singleElement()
                .satisfies(row -> assertThat((String) row.get(0)).startsWith("org acme changed by alice applying ")
                        .endsWith(": region us-east-1 -> us-west-2; secret env:ACME -> file:/run/secrets/acme; "
                                + "export conversation-details: every PT15M -> PT30M, lag PT0S -> PT5M; "
                                + "export audit-events removed (schedule disabled, its runs kept)"));
        assertThat(db.query("SELECT message FROM audit_event WHERE org_id = 'acme' AND action = 'AddOrg'")).singleElement()
                .satisfies(row -> assertThat((String) row.get(0)).contains(" by orgexport applying "));
    }

    @Test
    void a_dry_run_shows_the_diff_and_changes_nothing() {
        registry.apply(EXAMPLE, false);
        List<List<Object>> before = snapshot();

        ApplyResult result = registry.apply(write("""
                orgs:
                  - id: acme-us
                    name: Acme Inc. (US)
                    region: us-east-1
                    clientId: 7c9e6679-7425-40de-944b-e07fc1f90ae7
                    secret: env:ACME_US_CLIENT_SECRET
                """), true);
        System.out.println(result.render());

        assertThat(result.applied()).isFalse();
        assertThat(result.render()).contains("dry run, nothing changed");
        assertThat(result.diff().disabled()).extracting(RegistryDiff.Change::orgId)
                .containsExactly("acme-eu", "globex-apac", "umbrella-emea");
        assertThat(result.diff().changed()).singleElement().satisfies(change -> assertThat(change.details())
                .contains("export audit-events removed (schedule disabled, its runs kept)"));
        assertThat(snapshot()).isEqualTo(before);
        assertThat(db.count("SELECT count(*) FROM audit_event WHERE action <> 'AddOrg'")).as("a dry run audits nothing")
                .isZero();
    }

    @Test
    void identity_changes_are_listed_for_review_a_new_client_keeps_the_pin_and_a_contradicting_organization_id_clears_it() {
        String acme = "9f6c2a4e-1b7d-4c3e-8a5f-2d9e7b1c0a46";
        String other = "0b8d7c6e-5f4a-4321-9876-abcdefabcdef";
        registry.apply(write(org("c-1", null)), false);
        db.update("UPDATE org SET pinned_organization_id = ?, pinned_organization_name = 'Acme', pinned_at = now(), "
                + "pinned_client_id = 'c-1', pinned_region = 'us-east-1' WHERE id = 'acme'", acme);

        ApplyResult newClient = registry.apply(write(org("c-2", null)), false);

        assertThat(newClient.diff().identity()).singleElement().satisfies(change -> assertThat(change.details())
                .containsExactly("clientId c-1 -> c-2: the new client's tokens must belong to organization " + acme
                        + " (Acme), or they are refused (ORG_MISMATCH)"));
        assertThat(newClient.diff().changed()).isEmpty();
        assertThat(newClient.render()).contains("identity changes, review before applying (1):\n  ! acme: clientId");
        assertThat(db.query("SELECT client_id, pinned_organization_id FROM org")).containsExactly(List.of("c-2", acme));

        ApplyResult sameOrganization = registry.apply(write(org("c-2", acme.toUpperCase())), false);
        assertThat(sameOrganization.diff().identity()).singleElement().satisfies(change -> assertThat(change.details())
                .containsExactly("organizationId (none) -> " + acme + ": tokens must now belong to " + acme));
        assertThat(db.query("SELECT organization_id, pinned_organization_id FROM org")).containsExactly(List.of(acme, acme));

        ApplyResult moved = registry.apply(write(org("c-2", other)), true);
        assertThat(moved.diff().identity()).singleElement().satisfies(change -> assertThat(change.details())
                .containsExactly("organizationId " + acme + " -> " + other + ": tokens must now belong to " + other
                        + "; the pin to " + acme + " (Acme) is cleared"));
        assertThat(db.query("SELECT pinned_organization_id FROM org")).as("a dry run").containsExactly(List.of(acme));
        registry.apply(write(org("c-2", other)), false);
        assertThat(db.query("SELECT organization_id, pinned_organization_id, pinned_at FROM org"))
                .containsExactly(java.util.Arrays.asList(other, null, null));
        assertThat(registry.apply(write(org("c-2", other)), false).diff().isEmpty()).isTrue();
        assertThat(db.query("SELECT action, message_code FROM audit_event WHERE action = 'ChangeOrgIdentity' ORDER BY event_date"))
                .as("three applied identity changes; the dry run and the unchanged apply audit nothing")
                .containsExactly(List.of("ChangeOrgIdentity", "ORG_IDENTITY_CHANGED"),
                        List.of("ChangeOrgIdentity", "ORG_IDENTITY_CHANGED"),
                        List.of("ChangeOrgIdentity", "ORG_IDENTITY_CHANGED"));
    }

    private static String org(String clientId, String organizationId) {
        return """
                orgs:
                  - id: acme
                    name: Acme
                    region: us-east-1
                """ + (organizationId == null ? "" : "    organizationId: " + organizationId + "\n") + """
                    clientId: %s
                    secret: env:ACME
                    apiBudgetPerMinute: 120
                """.formatted(clientId);
    }

    @Test
    void an_operator_pause_survives_an_apply() {
        registry.apply(EXAMPLE, false);
        db.update("UPDATE org SET paused = true WHERE id = 'acme-eu'");

        registry.apply(EXAMPLE, false);

        assertThat(db.query("SELECT paused FROM org WHERE id = 'acme-eu'")).containsExactly(List.of(true));
    }

    @Test
    void a_file_with_ten_mistakes_reports_ten_errors_with_their_lines_and_changes_nothing() {
        registry.apply(EXAMPLE, false);
        List<List<Object>> before = snapshot();
        Path bad = write("""
                orgs:
                  - id: acme
                    name: Acme
                    region: eu-west-9
                    clientId: c-1
                    secret: env:ACME
                    exports:
                      - kind: conversation-details
                        every: 15m
                      - kind: call-recordings
                        every: PT1H
                  - id: acme
                    name: Acme again
                    region: us-east-1
                    clientId: c-2
                    secret: hunter2-Secret
                  - id: globex
                    name: Globex
                    region: us-west-2
                    clientId: c-3
                    secret: file:/run/secrets/globex
                    enabled: maybe
                    exports:
                      - kind: audit-events
                        every: PT1M
                        lag: -PT5M
                      - kind: user-details
                        every: PT1H
                        catchUp: P30D
                  - id: initech
                    name: Initech
                    region: us-east-1
                    secret: env:INITECH
                """);

        ApplyResult result = registry.apply(bad, false);
        System.out.println(result.render());

        assertThat(result.applied()).isFalse();
        assertThat(result.errors()).hasSize(10);
        assertThat(result.errors()).extracting(RegistryError::line)
                .containsExactly(4, 9, 10, 12, 16, 22, 25, 26, 29, 30);
        assertThat(result.errors()).extracting(RegistryError::render).containsExactly(
                "line 4, orgs[0].region: unknown region 'eu-west-9'; valid regions: " + validRegions(),
                "line 9, orgs[0].exports[0].every: every must be an ISO-8601 duration such as PT15M, PT1H or P1D, but was '15m'",
                "line 10, orgs[0].exports[1].kind: unknown export kind 'call-recordings'; valid kinds: "
                        + "conversation-details, user-details, audit-events",
                "line 12, orgs[1].id: duplicate org id 'acme' (first defined on line 2)",
                "line 16, orgs[1].secret: secret must be a reference, env:NAME or file:/absolute/path (the value given "
                        + "is not one, and is not shown here in case it is the secret itself)",
                "line 22, orgs[2].enabled: enabled must be true or false, but was 'maybe'",
                "line 25, orgs[2].exports[0].every: every must be at least PT5M (registry.min-every), but was PT1M",
                "line 26, orgs[2].exports[0].lag: lag must be zero or more, but was PT-5M",
                "line 29, orgs[2].exports[1].catchUp: catchUp must be at most PT168H (registry.max-catch-up), but was PT720H",
                "line 30, orgs[3]: 'clientId' is missing");
        assertThat(result.render()).startsWith(bad + ": 10 errors, nothing changed").doesNotContain("hunter2");
        assertThat(snapshot()).isEqualTo(before);
    }

    private static String validRegions() {
        return String.join(", ", RegionCatalog.builtIn().all().stream().map(r -> r.id()).toList());
    }

    private Path write(String yaml) {
        return Registries.write(directory, "orgs-" + System.nanoTime() + ".yaml", yaml);
    }

    private Instant nextWindowStart(String orgId, String kind) {
        return Instant.ofEpochSecond(db.count("SELECT EXTRACT(EPOCH FROM next_window_start)::bigint FROM export_schedule "
                + "WHERE org_id = ? AND kind = ?", orgId, kind));
    }

    private List<List<Object>> snapshot() {
        List<List<Object>> rows = new java.util.ArrayList<>(db.query(
                "SELECT id, name, region, client_id, secret_ref, enabled, paused, updated_at FROM org ORDER BY id"));
        rows.addAll(db.query("SELECT org_id, kind, every::text, lag::text, catch_up::text, next_window_start, enabled, "
                + "updated_at FROM export_schedule ORDER BY org_id, kind"));
        return rows;
    }
}
