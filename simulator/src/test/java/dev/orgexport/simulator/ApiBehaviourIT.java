package dev.orgexport.simulator;

import dev.orgexport.devstack.time.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgexport.simulator.RawPlatform.Answer;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error bodies, bad input, limits, faults, host routing and stats over real HTTP. */
class ApiBehaviourIT {

    private static final String REGION = "ap-southeast-2";
    private static final String JOBS = "/api/v2/analytics/conversations/details/jobs";
    private static final String INTERVAL_BODY = "{\"interval\":\"2024-01-01T00:00:00Z/2024-01-01T01:00:00Z\"}";

    private final SettableClock clock = new SettableClock(Instant.parse("2024-06-01T08:00:00Z"));
    private Simulator simulator;
    private RawPlatform platform;
    private String token;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder()
                .org("org-au", "Org AU", REGION)
                .org("org-au-2", "Org AU 2", REGION)
                .client("client-au", "secret-au", "org-au")
                .client("client-au-2", "secret-au-2", "org-au-2")
                .client(Client.of("client-audit", "secret-audit", "org-au").withPermissions("audits:audit:view"))
                .limits(new Limits(5, 3, BudgetScope.TOKEN))
                .build(), 0, clock);
        platform = new RawPlatform(simulator);
        token = platform.token(REGION, "client-au", "secret-au");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void tokens_me_and_organizations_me_describe_the_tokens_org_and_client() {
        JsonNode me = platform.get(REGION, "/api/v2/tokens/me", token).body();
        JsonNode org = platform.get(REGION, "/api/v2/organizations/me", token).body();

        assertThat(me.at("/organization/id").asText()).isEqualTo("org-au");
        assertThat(me.at("/homeOrganization/name").asText()).isEqualTo("Org AU");
        assertThat(me.at("/OAuthClient/id").asText()).isEqualTo("client-au");
        assertThat(me.at("/OAuthClient/organization/id").asText()).isEqualTo("org-au");
        assertThat(org.get("id").asText()).isEqualTo("org-au");
        assertThat(org.get("state").asText()).isEqualTo("active");
        assertThat(org.get("domain").asText()).isEqualTo("mypurecloud.com.au");
    }

    @Test
    void every_error_body_has_the_platform_fields_and_the_correlation_id_as_context_id() {
        Answer noToken = platform.get(REGION, "/api/v2/tokens/me", null);
        Answer badToken = platform.get(REGION, "/api/v2/tokens/me", "not-a-token");

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.body().get("code").asText()).isEqualTo("authentication.required");
        assertThat(badToken.body().get("code").asText()).isEqualTo("bad.credentials");
        for (Answer answer : List.of(noToken, badToken)) {
            assertThat(answer.body().fieldNames()).toIterable()
                    .containsExactly("message", "code", "status", "messageWithParams", "messageParams", "contextId", "details", "errors");
            assertThat(answer.body().get("contextId").asText()).isEqualTo(answer.correlationId());
            assertThat(answer.raw().headers().map()).containsKey("ININ-Correlation-Id");
        }
    }

    @Test
    void a_client_without_the_permission_gets_403_missing_any_permissions_naming_both_alternatives() {
        String auditOnly = platform.token(REGION, "client-audit", "secret-audit");

        Answer answer = platform.post(REGION, JOBS, auditOnly, INTERVAL_BODY);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().get("code").asText()).isEqualTo("missing.any.permissions");
        assertThat(answer.body().get("message").asText()).contains("analytics:conversationDetail:view")
                .contains("analytics:agentConversationDetail:view");
        assertThat(platform.post(REGION, "/api/v2/audits/query", auditOnly, INTERVAL_BODY).status()).isEqualTo(202);
        assertThat(simulator.stats().forbidden("client-audit")).isEqualTo(1);
    }

    @Test
    void bad_input_is_a_400_or_404_platform_error_never_a_500() {
        List<Answer> answers = new ArrayList<>();
        answers.add(platform.post(REGION, JOBS, token, "{not json"));
        answers.add(platform.post(REGION, JOBS, token, "{\"interval\":\"yesterday/today\"}"));
        answers.add(platform.post(REGION, JOBS, token, "{\"interval\":\"2024-01-02T00:00:00Z/2024-01-01T00:00:00Z\"}"));
        answers.add(platform.post(REGION, JOBS, token, "[]"));
        answers.add(platform.post(REGION, JOBS, token, "{\"interval\":\"2024-01-01T00:00:00Z/2024-01-01T01:00:00Z\","
                + "\"conversationFilters\":[{\"type\":\"and\"}]}"));
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body().get("code").asText()).isEqualTo("bad.request");
        });
        simulator.setLimits(new Limits(100, 100, BudgetScope.TOKEN));
        assertThat(platform.get(REGION, "/api/v2/no/such/thing", token).status()).isEqualTo(404);
        assertThat(platform.delete(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(404);
        assertThat(platform.get(REGION, "/oauth/token", null).status()).isEqualTo(404);
        assertThat(platform.get("us-east-1", "/", null).status()).isEqualTo(404);
    }

    @Test
    void the_api_budget_answers_429_with_retry_after_until_the_window_ends() {
        for (int i = 0; i < 5; i++) {
            assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(15));

        Answer limited = platform.get(REGION, "/api/v2/tokens/me", token);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("45");
        assertThat(limited.body().get("code").asText()).isEqualTo("too.many.requests.retry.after");
        assertThat(limited.body().get("message").asText()).isEqualTo("Rate limit exceeded the maximum. Retry the request in [45] seconds");
        assertThat(limited.body().at("/limit/value").asLong()).isEqualTo(5);
        assertThat(platform.get(REGION, "/api/v2/tokens/me", platform.token(REGION, "client-au", "secret-au")).status())
                .as("another token has its own budget").isEqualTo(200);
        clock.advance(Duration.ofSeconds(45));
        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(200);
        assertThat(simulator.stats().tooManyRequests("client-au")).isEqualTo(1);
        assertThat(simulator.stats().apiRequests("client-au", Endpoint.TOKENS_ME)).isEqualTo(8);
    }

    @Test
    void with_a_client_scope_all_tokens_of_a_client_share_one_budget() {
        simulator.setLimits(new Limits(2, 3, BudgetScope.CLIENT));
        String second = platform.token(REGION, "client-au", "secret-au");

        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(200);
        assertThat(platform.get(REGION, "/api/v2/tokens/me", second).status()).isEqualTo(200);
        assertThat(platform.get(REGION, "/api/v2/tokens/me", second).status()).isEqualTo(429);
    }

    @Test
    void the_token_endpoint_has_a_per_client_budget() {
        platform.token(REGION, "client-au", "secret-au");
        platform.token(REGION, "client-au", "secret-au");

        Answer limited = platform.tokenRequest(REGION, "client-au", "secret-au");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(platform.tokenRequest(REGION, "client-au-2", "secret-au-2").status()).isEqualTo(200);
    }

    @Test
    void error_rates_by_region_org_and_endpoint_answer_5xx_only_where_they_match() {
        String other = platform.token(REGION, "client-au-2", "secret-au-2");
        simulator.setErrorRate(null, "org-au", Endpoint.ORGANIZATIONS_ME, 1.0);

        assertThat(platform.get(REGION, "/api/v2/organizations/me", token).status()).isEqualTo(503);
        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(200);
        assertThat(platform.get(REGION, "/api/v2/organizations/me", other).status()).isEqualTo(200);

        simulator.setErrorRate(REGION, null, null, 1.0);
        assertThat(platform.tokenRequest(REGION, "client-au-2", "secret-au-2").status()).isEqualTo(503);
        simulator.clearErrorRules();
        assertThat(platform.get(REGION, "/api/v2/organizations/me", token).status()).isEqualTo(200);
        assertThat(simulator.stats().serverErrors("client-au")).isEqualTo(1);
    }

    @Test
    void a_region_outage_fails_every_request_of_that_region_only() {
        simulator.setRegionOutage(REGION, true);

        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(503);
        assertThat(platform.tokenRequest(REGION, "client-au", "secret-au").status()).isEqualTo(503);
        assertThat(platform.get("eu-west-1", "/api/v2/tokens/me", null).status()).isEqualTo(401);

        simulator.setRegionOutage(REGION, false);
        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(200);
    }

    @Test
    void region_latency_delays_answers_without_blocking_other_regions() {
        simulator.setLatency(REGION, Duration.ofMillis(400));

        long started = System.nanoTime();
        Answer slow = platform.get(REGION, "/api/v2/tokens/me", token);
        long slowMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(slow.status()).isEqualTo(200);
        assertThat(slowMillis).isGreaterThanOrEqualTo(400);
        simulator.setLatency(REGION, Duration.ZERO);
        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(200);
    }

    @Test
    void the_region_is_also_routed_by_the_api_and_login_host_names() throws Exception {
        String response = rawGet("api.mypurecloud.com.au", "/api/v2/tokens/me", token);
        String wrongRegion = rawGet("api.mypurecloud.de", "/api/v2/tokens/me", token);

        assertThat(response).startsWith("HTTP/1.1 200").contains("\"org-au\"").contains("ININ-Correlation-Id: ");
        assertThat(wrongRegion).startsWith("HTTP/1.1 401");
    }

    @Test
    void the_token_endpoint_is_served_only_on_the_login_host_and_the_api_only_on_the_api_host() throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("client-au:secret-au".getBytes(StandardCharsets.UTF_8));
        String form = "grant_type=client_credentials";

        assertThat(raw("POST", "login.mypurecloud.com.au", "/oauth/token", basic, form)).startsWith("HTTP/1.1 200");
        assertThat(raw("POST", "api.mypurecloud.com.au", "/oauth/token", basic, form)).startsWith("HTTP/1.1 404");
        assertThat(rawGet("login.mypurecloud.com.au", "/api/v2/tokens/me", token)).startsWith("HTTP/1.1 404");
        assertThat(rawGet("api.mypurecloud.com.au", "/api/v2/tokens/me", token)).startsWith("HTTP/1.1 200");
        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).as("a region prefix serves both").isEqualTo(200);
    }

    private String rawGet(String host, String path, String bearer) throws Exception {
        return raw("GET", host, path, "Bearer " + bearer, null);
    }

    private String raw(String method, String host, String path, String authorization, String form) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", simulator.port())) {
            OutputStream out = socket.getOutputStream();
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.US_ASCII);
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + simulator.port() + "\r\nAuthorization: "
                    + authorization + (form == null ? "" : "\r\nContent-Type: application/x-www-form-urlencoded")
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder all = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                all.append(line).append('\n');
            }
            return all.toString();
        }
    }
}
