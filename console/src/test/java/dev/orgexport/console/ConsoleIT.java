package dev.orgexport.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.platform.diagnose.Diagnosis;
import dev.orgexport.platform.diagnose.Verdict;
import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console over HTTP on a real PostgreSQL: who may see and do what (token, basic auth,
 * bearer, read-only without sign-in), CSRF and Origin checks, escaping of what operators and the
 * platform wrote, the audit trail's filters and downloads. The platform's diagnosis is a fixed
 * answer here; the browser test diagnoses against the simulator.
 */
class ConsoleIT {

    private static final String TOKEN = "console-it-token-" + UUID.randomUUID();
    private static final String BASIC_PASSWORD = "pw-" + UUID.randomUUID();
    private static final Map<String, String> ENVIRONMENT = Map.of("CONSOLE_TOKEN", TOKEN, "CONSOLE_USERS",
            "bob:" + BASIC_PASSWORD + "\ncarol:other");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Database database;
    private static HttpServer tokenServer;
    private static HttpServer basicServer;
    private static HttpServer openServer;
    private static HttpServer throttledServer;
    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void seed_and_serve() throws Exception {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("console");
        database = Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password()));
        update("INSERT INTO org (id, name, region, client_id, secret_ref) VALUES "
                + "('alpha', 'Alpha <script>alert(1)</script>', 'us-east-1', 'alpha-client', 'env:ALPHA'), "
                + "('beta', 'Beta', 'eu-central-1', 'beta-client', 'env:BETA')");
        // The organization columns of schema version 3; IF NOT EXISTS keeps this test right before and after it.
        update("ALTER TABLE org ADD COLUMN IF NOT EXISTS organization_id text, "
                + "ADD COLUMN IF NOT EXISTS pinned_organization_id text, ADD COLUMN IF NOT EXISTS pinned_organization_name text, "
                + "ADD COLUMN IF NOT EXISTS pinned_at timestamptz, ADD COLUMN IF NOT EXISTS pinned_region text");
        update("UPDATE org SET organization_id = '6f1c0a52-1111-4a4e-9d3b-0000000000be', "
                + "pinned_organization_id = '6f1c0a52-1111-4a4e-9d3b-0000000000be', pinned_organization_name = 'Beta Inc', "
                + "pinned_region = 'eu-central-1', pinned_at = '2026-12-01T09:30:00Z' WHERE id = 'beta'");
        PostgresAuditStore audit = new PostgresAuditStore(database.dataSource());
        for (int i = 0; i < 60; i++) {
            audit.append(new AuditEvent(UUID.randomUUID(), T0.plusSeconds(i * 60L), i % 2 == 0 ? "alpha" : "beta",
                    "PeoplePermissions", "SYSTEM", "Authenticate", "AccessToken", "c", null, "FAILURE", "AUTH_FAILED",
                    i == 0 ? "=cmd|' /C calc'!A0 <b>bold</b>" : "failure " + i, new AuditEvent.Context("us-east-1", null, 401,
                            "invalid_client", null, i % 3 == 0 ? "CLIENT_NOT_FOUND" : "CREDENTIALS_REJECTED", null, null, 1, "w1")));
        }
        SecretResolver secrets = SecretResolver.of(ENVIRONMENT);
        tokenServer = serve(new ConsoleConfig(SecretRef.parse("env:CONSOLE_TOKEN"), null, false,
                ConsoleConfig.DEFAULT_SESSION_LIFETIME), secrets);
        basicServer = serve(new ConsoleConfig(null, SecretRef.parse("env:CONSOLE_USERS"), false,
                ConsoleConfig.DEFAULT_SESSION_LIFETIME), secrets);
        openServer = serve(new ConsoleConfig(SecretRef.parse("env:CONSOLE_TOKEN"), null, true,
                ConsoleConfig.DEFAULT_SESSION_LIFETIME), secrets);
        throttledServer = serve(new ConsoleConfig(null, SecretRef.parse("env:CONSOLE_USERS"), false,
                ConsoleConfig.DEFAULT_SESSION_LIFETIME), secrets);
    }

    private static HttpServer serve(ConsoleConfig config, SecretResolver secrets) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        Console.create(database.dataSource(), Clock.systemUTC(), config, (org, probe) -> new Diagnosis(org.id(),
                Verdict.WRONG_REGION, "org " + org.id() + " lives in us-west-2", List.of("probe " + probe), "us-west-2"),
                secrets).mount(server);
        server.start();
        return server;
    }

    @AfterAll
    static void stop() {
        for (HttpServer server : new HttpServer[] {tokenServer, basicServer, openServer, throttledServer}) {
            if (server != null) {
                server.stop(0);
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void without_a_sign_in_every_page_sends_to_the_login_page() throws Exception {
        HttpResponse<String> overview = get(tokenServer, "/console/", Map.of());

        assertThat(overview.statusCode()).isEqualTo(303);
        assertThat(overview.headers().firstValue("Location")).hasValue("/console/login?next=%2Fconsole%2F");
        assertThat(get(tokenServer, "/console/audit.csv", Map.of()).statusCode()).isEqualTo(303);
        assertThat(get(tokenServer, "/", Map.of()).headers().firstValue("Location")).hasValue("/console/");
    }

    @Test
    void read_only_pages_open_without_sign_in_when_configured_but_actions_do_not() throws Exception {
        assertThat(get(openServer, "/console/", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get(openServer, "/console/orgs/beta", Map.of()).body()).contains("Sign in</a> to diagnose");
        assertThat(get(openServer, "/console/orgs/beta/pause", Map.of()).statusCode()).isEqualTo(303);
        assertThat(post(openServer, "/console/orgs/beta/pause", Map.of(), "csrf=x").statusCode()).isEqualTo(401);
        assertThat(paused("beta")).isFalse();
    }

    @Test
    void a_wrong_token_is_refused_and_the_right_one_opens_a_strict_cookie_session() throws Exception {
        HttpResponse<String> wrong = post(tokenServer, "/console/login", Map.of(), "operator=alice&secret=nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Sign-in refused");

        HttpResponse<String> right = post(tokenServer, "/console/login", Map.of(),
                "operator=alice&secret=" + TOKEN + "&next=%2Fconsole%2Faudit");
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location")).hasValue("/console/audit");
        assertThat(right.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly", "SameSite=Strict", "Path=/console").doesNotContain(TOKEN);
    }

    @Test
    void repeated_wrong_secrets_block_sign_in_from_that_address_even_with_the_right_one() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(post(throttledServer, "/console/login", Map.of(), "operator=bob&secret=guess" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = post(throttledServer, "/console/login", Map.of(), "operator=bob&secret=" + BASIC_PASSWORD);

        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(blocked.body()).contains("Too many refused sign-ins");
        assertThat(get(throttledServer, "/console/", Map.of("Authorization", basic("bob", BASIC_PASSWORD))).statusCode())
                .as("header credentials are blocked too").isEqualTo(303);
    }

    @Test
    void the_login_page_only_redirects_within_the_console() throws Exception {
        HttpResponse<String> signIn = post(tokenServer, "/console/login", Map.of(),
                "operator=alice&secret=" + TOKEN + "&next=https%3A%2F%2Fevil.example%2F");

        assertThat(signIn.headers().firstValue("Location")).hasValue("/console/");
    }

    @Test
    void an_action_needs_the_csrf_token_of_the_session_and_is_audited_with_the_operator() throws Exception {
        String cookie = signIn(tokenServer, "alice", TOKEN);
        String confirm = get(tokenServer, "/console/orgs/alpha/pause", Map.of("Cookie", cookie)).body();
        assertThat(confirm).contains("Pause org alpha?", "alice (console, operator token)");

        HttpResponse<String> forged = post(tokenServer, "/console/orgs/alpha/pause", Map.of("Cookie", cookie), "csrf=guess");
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> foreign = post(tokenServer, "/console/orgs/alpha/pause",
                Map.of("Cookie", cookie, "Origin", "http://evil.example"), "csrf=" + csrf(confirm));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(paused("alpha")).isFalse();

        HttpResponse<String> done = post(tokenServer, "/console/orgs/alpha/pause", Map.of("Cookie", cookie), "csrf=" + csrf(confirm));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("org alpha paused by alice (console, operator token)");
        assertThat(paused("alpha")).isTrue();
        assertThat(count("SELECT count(*) FROM audit_event WHERE org_id = 'alpha' AND action = 'PauseOrg' AND level = 'USER' "
                + "AND message LIKE '%by alice (console, operator token)%'")).isEqualTo(1);

        post(tokenServer, "/console/orgs/alpha/resume", Map.of("Cookie", cookie), "csrf=" + csrf(confirm));
        assertThat(paused("alpha")).isFalse();
    }

    @Test
    void basic_auth_names_the_user_and_its_forms_need_their_csrf_token_too() throws Exception {
        Map<String, String> bob = Map.of("Authorization", basic("bob", BASIC_PASSWORD));
        assertThat(get(basicServer, "/console/", Map.of("Authorization", basic("bob", "wrong"))).statusCode()).isEqualTo(303);
        String confirm = get(basicServer, "/console/orgs/beta/backfill", bob).body();

        assertThat(post(basicServer, "/console/orgs/beta/release", bob, "").statusCode()).isEqualTo(403);
        HttpResponse<String> released = post(basicServer, "/console/orgs/beta/release", bob, "csrf=" + csrf(confirm));
        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(released.body()).contains("release by bob (console, basic auth)");
    }

    @Test
    void a_bearer_token_acts_without_csrf_since_no_browser_sends_one_by_itself() throws Exception {
        HttpResponse<String> diagnosed = post(tokenServer, "/console/orgs/beta/diagnose",
                Map.of("Authorization", "Bearer " + TOKEN), "probeRegions=true");

        assertThat(diagnosed.statusCode()).isEqualTo(200);
        assertThat(diagnosed.body()).contains("WRONG_REGION", "us-west-2", "probe true");
        assertThat(count("SELECT count(*) FROM audit_event WHERE org_id = 'beta' AND action = 'DiagnoseOrg' "
                + "AND message LIKE '%with region probing: WRONG_REGION%'")).isEqualTo(1);
        assertThat(post(tokenServer, "/console/orgs/beta/diagnose", Map.of("Authorization", "Bearer wrong"), "")
                .statusCode()).isEqualTo(401);
    }

    @Test
    void a_backfill_creates_the_windows_once_and_is_audited_with_the_operator() throws Exception {
        update("INSERT INTO export_schedule (org_id, kind, every, catch_up, next_window_start) "
                + "VALUES ('alpha', 'audit-events', interval '1 hour', interval '0', '2026-12-01T00:00:00Z')");
        String cookie = signIn(tokenServer, "erin", TOKEN);
        String confirm = get(tokenServer, "/console/orgs/alpha/backfill", Map.of("Cookie", cookie)).body();
        assertThat(confirm).contains("<label for=\"kind\">Export kind</label>", "<label for=\"from\">");
        String form = "csrf=" + csrf(confirm) + "&kind=audit-events&from=2026-11-30T00%3A00&to=2026-11-30T03%3A00";

        HttpResponse<String> first = post(tokenServer, "/console/orgs/alpha/backfill", Map.of("Cookie", cookie), form);
        HttpResponse<String> again = post(tokenServer, "/console/orgs/alpha/backfill", Map.of("Cookie", cookie), form);

        assertThat(first.body()).contains("3 windows, 3 runs created, 0 already existed");
        assertThat(again.body()).contains("3 windows, 0 runs created, 3 already existed");
        assertThat(count("SELECT count(*) FROM export_run WHERE org_id = 'alpha' AND kind = 'audit-events'")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM audit_event WHERE org_id = 'alpha' AND action = 'BackfillOrg' "
                + "AND status = 'SUCCESS' AND message LIKE '%by erin (console, operator token)%'")).isEqualTo(2);
    }

    @Test
    void a_refused_backfill_is_shown_and_audited_as_a_failure() throws Exception {
        HttpResponse<String> refused = post(tokenServer, "/console/orgs/beta/backfill", Map.of("Authorization", "Bearer " + TOKEN),
                "kind=user-details&from=2026-12-01T00%3A00&to=2026-12-01T03%3A00");

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("Refused: org beta has no user-details export in the registry");
        assertThat(count("SELECT count(*) FROM audit_event WHERE org_id = 'beta' AND action = 'BackfillOrg' "
                + "AND status = 'FAILURE'")).isEqualTo(1);
        assertThat(post(tokenServer, "/console/orgs/beta/backfill", Map.of("Authorization", "Bearer " + TOKEN),
                "kind=user-details&from=yesterday&to=2026-12-01T03%3A00").body())
                .contains("&#39;from&#39; must be a UTC time such as 2026-12-02T05:00, but was &#39;yesterday&#39;");
    }

    @Test
    void what_orgs_and_the_platform_wrote_is_escaped_on_every_page() throws Exception {
        String cookie = signIn(tokenServer, "alice", TOKEN);
        String overview = get(tokenServer, "/console/", Map.of("Cookie", cookie)).body();
        String audit = get(tokenServer, "/console/audit?org=alpha&from=2026-12-01T10%3A00&to=2026-12-01T10%3A01",
                Map.of("Cookie", cookie)).body();

        assertThat(overview).contains("Alpha &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(audit).contains("&lt;b&gt;bold&lt;/b&gt;").doesNotContain("<b>bold");
        for (String page : List.of(overview, audit)) {
            assertThat(page).doesNotContain(TOKEN, BASIC_PASSWORD);
        }
    }

    @Test
    void the_audit_trail_filters_pages_and_downloads_as_csv_and_json() throws Exception {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + TOKEN);
        String filter = "org=alpha&failureKind=CLIENT_NOT_FOUND&status=FAILURE&from=2026-12-01T10%3A00&to=2026-12-01T11%3A00";
        String page = get(tokenServer, "/console/audit?" + filter, bearer).body();
        assertThat(rows(page)).as("alpha's even minutes divisible by 3 in the first hour").isEqualTo(10);

        HttpResponse<String> csv = get(tokenServer, "/console/audit.csv?" + filter, bearer);
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("id,eventDate,orgId,serviceName,level,action");
        assertThat(lines).hasSize(11);
        assertThat(csv.body()).contains(",'=cmd|' /C calc'!A0 <b>bold</b>,").doesNotContain(",=cmd");

        JsonNode json = Json.mapper().readTree(get(tokenServer, "/console/audit.json?" + filter, bearer).body());
        assertThat(json).hasSize(10);
        assertThat(json.get(0).get("context").get("failureKind").asText()).isEqualTo("CLIENT_NOT_FOUND");
        assertThat(json.get(0).get("eventDate").asText()).isEqualTo("2026-12-01T10:54:00Z");

        String all = "/console/audit?from=2026-12-01T10%3A00&to=2026-12-01T11%3A00";
        assertThat(rows(get(tokenServer, all, bearer).body())).isEqualTo(50);
        String second = get(tokenServer, all + "&page=2", bearer).body();
        assertThat(rows(second)).isEqualTo(10);
        assertThat(second).contains("Previous page").doesNotContain("Next page");

        HttpResponse<String> bad = get(tokenServer, "/console/audit?from=soon", bearer);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("&#39;from&#39; must be a UTC time");
    }

    @Test
    void the_org_page_shows_the_registry_organization_and_the_pin() throws Exception {
        String beta = get(tokenServer, "/console/orgs/beta", Map.of("Authorization", "Bearer " + TOKEN)).body();
        String alpha = get(tokenServer, "/console/orgs/alpha", Map.of("Authorization", "Bearer " + TOKEN)).body();

        assertThat(beta).contains("<dt>Organization (registry)</dt><dd>6f1c0a52-1111-4a4e-9d3b-0000000000be</dd>",
                "<dt>Pinned organization</dt><dd>6f1c0a52-1111-4a4e-9d3b-0000000000be (Beta Inc) in eu-central-1, since "
                        + "2026-12-01 09:30 UTC</dd>");
        assertThat(alpha).contains("<dd>not given</dd>", "<dd>not pinned yet</dd>");
    }

    @Test
    void an_unknown_org_is_a_404_naming_it() throws Exception {
        HttpResponse<String> missing = get(tokenServer, "/console/orgs/nope", Map.of("Authorization", "Bearer " + TOKEN));

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("nope", "Signed in as bearer-token");
    }

    @Test
    void a_malformed_request_is_a_400_not_a_500() throws Exception {
        assertThat(post(tokenServer, "/console/login", Map.of(), "operator=%&secret=x").statusCode()).isEqualTo(400);
    }

    @Test
    void every_answer_forbids_scripts_and_framing() throws Exception {
        HttpResponse<String> page = get(openServer, "/console/", Map.of());

        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'")
                .doesNotContain("script-src");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(get(openServer, "/console/style.css", Map.of()).body()).contains("prefers-color-scheme: dark");
    }

    private static int rows(String page) {
        return page.split("<tr data-action=", -1).length - 1;
    }

    private static String signIn(HttpServer server, String operator, String secret) throws Exception {
        HttpResponse<String> response = post(server, "/console/login", Map.of(), "operator=" + operator + "&secret=" + secret);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static String csrf(String page) {
        Matcher matcher = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(matcher.find()).as("a csrf field in %s", page).isTrue();
        return matcher.group(1);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(HttpServer server, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpServer server, String path, Map<String, String> headers, String form)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(HttpServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static boolean paused(String org) throws Exception {
        return count("SELECT count(*) FROM org WHERE paused AND id = '" + org + "'") == 1;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void update(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
