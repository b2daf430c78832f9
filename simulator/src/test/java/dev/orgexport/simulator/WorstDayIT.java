package dev.orgexport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.simulator.RawPlatform.Answer;
import dev.orgexport.simulator.faults.WireFault;
import dev.orgexport.simulator.faults.WireFaultRule;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire faults on demand, each answered as its public source describes (see the README's behaviour table). */
class WorstDayIT {

    private static final String REGION = "eu-west-1";
    private static final String JOBS = "/api/v2/analytics/conversations/details/jobs";
    private static final String AUDITS = "/api/v2/audits/query";
    private static final String BODY = "{\"interval\":\"2024-01-01T00:00:00Z/2024-01-01T04:00:00Z\"}";

    private Simulator simulator;
    private RawPlatform platform;
    private String token;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder()
                .org("org-w", "Org W", REGION)
                .client("client-w", "secret-w", "org-w")
                .jobs(SimulatorConfig.JobTimings.quick(Duration.ZERO))
                .build(), 0);
        platform = new RawPlatform(simulator);
        token = platform.token(REGION, "client-w", "secret-w");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private String fulfilled(String base, String idField) {
        String id = platform.post(REGION, base, token, BODY).body().get(idField).asText();
        platform.awaitState(REGION, base + "/" + id, token, Duration.ofSeconds(5));
        return id;
    }

    @Test
    void gateway_errors_are_html_pages_and_request_timeout_is_a_504_error_body() {
        simulator.addWireFault(WireFaultRule.times(WireFault.GATEWAY_502, "org-w", 1));
        simulator.addWireFault(WireFaultRule.times(WireFault.GATEWAY_504, "org-w", 1));
        simulator.addWireFault(WireFaultRule.times(WireFault.REQUEST_TIMEOUT, "org-w", 1));

        Answer bad = platform.get(REGION, "/api/v2/tokens/me", token);
        Answer gatewayTimeout = platform.get(REGION, "/api/v2/tokens/me", token);
        Answer timeout = platform.get(REGION, "/api/v2/tokens/me", token);

        assertThat(bad.status()).isEqualTo(502);
        assertThat(bad.header("Content-Type")).startsWith("text/html");
        assertThat(bad.raw().body()).contains("502 Bad Gateway");
        assertThat(gatewayTimeout.status()).isEqualTo(504);
        assertThat(gatewayTimeout.raw().body()).startsWith("<html>");
        assertThat(timeout.status()).isEqualTo(504);
        assertThat(timeout.body().get("code").asText()).isEqualTo("request.timeout");
        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).as("each rule hits once").isEqualTo(200);
    }

    @Test
    void rate_limits_come_without_retry_after_in_both_codes_and_daily_limits_ask_for_hours() {
        simulator.addWireFault(WireFaultRule.times(WireFault.RATE_LIMIT_NO_RETRY_AFTER, "org-w", 1));
        simulator.addWireFault(WireFaultRule.times(WireFault.TOO_MANY_REQUESTS, "org-w", 1));
        simulator.addWireFault(WireFaultRule.times(WireFault.DAILY_LIMIT, "org-w", 1).withRetryAfterSeconds(7200));

        Answer plain = platform.get(REGION, "/api/v2/tokens/me", token);
        Answer perPeriod = platform.get(REGION, "/api/v2/tokens/me", token);
        Answer daily = platform.get(REGION, "/api/v2/tokens/me", token);

        assertThat(plain.status()).isEqualTo(429);
        assertThat(plain.header("Retry-After")).isNull();
        assertThat(plain.body().get("code").asText()).isEqualTo("too.many.requests.retry.after");
        assertThat(perPeriod.header("Retry-After")).isNull();
        assertThat(perPeriod.body().get("code").asText()).isEqualTo("too.many.requests");
        assertThat(perPeriod.body().get("message").asText()).contains("requests within [60] seconds");
        assertThat(daily.status()).isEqualTo(429);
        assertThat(daily.header("Retry-After")).isEqualTo("7200");
    }

    @Test
    void a_lost_submit_answer_leaves_a_job_behind() {
        simulator.addWireFault(WireFaultRule.times(WireFault.LOST_SUBMIT_ANSWER, "org-w", 1));

        Answer lost = platform.post(REGION, JOBS, token, BODY);
        Answer next = platform.post(REGION, JOBS, token, BODY);

        assertThat(lost.status()).isEqualTo(504);
        assertThat(lost.header("Content-Type")).startsWith("text/html");
        assertThat(next.status()).isEqualTo(202);
        assertThat(simulator.jobCount()).as("the lost answer's job exists too").isEqualTo(2);
    }

    @Test
    void a_repeating_cursor_comes_back_unchanged_and_an_endless_one_never_ends() {
        String jobId = fulfilled(JOBS, "jobId");
        String results = JOBS + "/" + jobId + "/results?pageSize=1";
        simulator.addWireFault(WireFaultRule.always(WireFault.REPEAT_CURSOR, "org-w"));
        String first = platform.get(REGION, results, token).body().get("cursor").asText();
        Answer again = platform.get(REGION, results + "&cursor=" + first, token);
        assertThat(again.body().get("cursor").asText()).isEqualTo(first);

        simulator.clearWireFaults();
        simulator.addWireFault(WireFaultRule.always(WireFault.ENDLESS_CURSOR, "org-w"));
        String cursor = null;
        int emptyPages = 0;
        for (int page = 0; page < 200 && emptyPages < 3; page++) {
            Answer answer = platform.get(REGION, results.replace("pageSize=1", "pageSize=100")
                    + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertThat(answer.body().get("cursor").asText()).as("never the last page").isNotEmpty().isNotEqualTo(cursor);
            emptyPages += answer.body().has("conversations") ? 0 : 1;
            cursor = answer.body().get("cursor").asText();
        }
        assertThat(emptyPages).isEqualTo(3);
    }

    @Test
    void large_audit_results_redirect_to_the_download_host_which_serves_the_page_without_a_token() {
        String queryId = fulfilled(AUDITS, "id");
        simulator.addWireFault(WireFaultRule.times(WireFault.AUDIT_REDIRECT, "org-w", 1));

        Answer redirect = platform.get(REGION, AUDITS + "/" + queryId + "/results?pageSize=5", token);

        assertThat(redirect.status()).isEqualTo(302);
        String url = redirect.body().get("downloadUrl").asText();
        assertThat(redirect.header("Location")).isEqualTo(url);
        assertThat(url).startsWith(simulator.baseUrl(REGION) + "/downloads/");
        assertThat(redirect.body().has("entities")).isFalse();
        Answer download = platform.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build());
        Answer direct = platform.get(REGION, AUDITS + "/" + queryId + "/results?pageSize=5", token);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body().get("entities")).isEqualTo(direct.body().get("entities"));
        assertThat(download.body().get("cursor")).isEqualTo(redirect.body().get("cursor"));
    }

    @Test
    void the_agent_permission_alone_is_enough_for_conversation_jobs_but_not_for_availability() {
        simulator.addClient(SimulatorConfig.Client.of("client-agent", "secret-agent", "org-w")
                .withPermissions("analytics:agentConversationDetail:view"));
        String agent = platform.token(REGION, "client-agent", "secret-agent");

        assertThat(platform.post(REGION, JOBS, agent, BODY).status()).isEqualTo(202);
        Answer availability = platform.get(REGION, JOBS + "/availability", agent);
        assertThat(availability.status()).isEqualTo(403);
        assertThat(availability.body().get("code").asText()).isEqualTo("missing.permissions");
    }
}
