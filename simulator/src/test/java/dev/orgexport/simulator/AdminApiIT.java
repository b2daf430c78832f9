package dev.orgexport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.simulator.RawPlatform.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code /__sim/} admin API does over HTTP what the Java methods do. */
class AdminApiIT {

    private static final String REGION = "ca-central-1";

    private Simulator simulator;
    private RawPlatform platform;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder().build(), 0);
        platform = new RawPlatform(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void orgs_and_clients_added_over_http_can_log_in_and_be_disabled_revoked_and_rotated() {
        assertThat(platform.admin("POST", "/orgs", "{\"id\":\"org-x\",\"name\":\"Org X\",\"region\":\"" + REGION + "\"}").status())
                .isEqualTo(201);
        assertThat(platform.admin("POST", "/clients", "{\"id\":\"cx\",\"secret\":\"sx\",\"org\":\"org-x\",\"tokenLifetime\":\"PT1H\"}")
                .status()).isEqualTo(201);
        Answer issued = platform.tokenRequest(REGION, "cx", "sx");
        assertThat(issued.body().get("expires_in").asLong()).isEqualTo(3600);
        String token = issued.body().get("access_token").asText();

        Answer revoked = platform.admin("POST", "/clients/cx/revoke-tokens", null);
        assertThat(revoked.body().get("revoked").asInt()).isEqualTo(1);
        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(401);

        assertThat(platform.admin("POST", "/clients/cx/disable", null).status()).isEqualTo(204);
        assertThat(platform.tokenRequest(REGION, "cx", "sx").status()).isEqualTo(401);
        assertThat(platform.admin("POST", "/clients/cx/enable", null).status()).isEqualTo(204);
        assertThat(platform.admin("POST", "/clients/cx/rotate-secret", "{\"secret\":\"sx2\"}").status()).isEqualTo(204);
        assertThat(platform.tokenRequest(REGION, "cx", "sx").status()).isEqualTo(401);
        assertThat(platform.tokenRequest(REGION, "cx", "sx2").status()).isEqualTo(200);
    }

    @Test
    void faults_limits_permissions_and_stats_are_set_and_read_over_http() {
        platform.admin("POST", "/orgs", "{\"id\":\"org-y\",\"region\":\"" + REGION + "\"}");
        platform.admin("POST", "/clients", "{\"id\":\"cy\",\"secret\":\"sy\",\"org\":\"org-y\"}");
        String token = platform.token(REGION, "cy", "sy");

        assertThat(platform.admin("PUT", "/faults/outages/" + REGION, null).status()).isEqualTo(204);
        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(503);
        assertThat(platform.admin("DELETE", "/faults/outages/" + REGION, null).status()).isEqualTo(204);
        assertThat(platform.admin("POST", "/faults/errors", "{\"org\":\"org-y\",\"endpoint\":\"tokens.me\",\"rate\":1,\"status\":502}")
                .status()).isEqualTo(204);
        assertThat(platform.get(REGION, "/api/v2/tokens/me", token).status()).isEqualTo(502);
        platform.admin("DELETE", "/faults/errors", null);
        assertThat(platform.admin("PUT", "/clients/cy/permissions", "{\"permissions\":[]}").status()).isEqualTo(204);
        assertThat(platform.post(REGION, "/api/v2/audits/query", token, "{\"interval\":\"2024-01-01T00:00:00Z/2024-01-02T00:00:00Z\"}")
                .status()).isEqualTo(403);
        assertThat(platform.admin("PUT", "/limits", "{\"apiRequestsPerMinute\":1000,\"tokenRequestsPerMinute\":50}").status())
                .isEqualTo(204);
        assertThat(platform.admin("PUT", "/faults/latency/" + REGION, "{\"millis\":0}").status()).isEqualTo(204);

        Answer stats = platform.admin("GET", "/stats", null);

        assertThat(stats.body().at("/clients/cy/oauth.token/requests").asLong()).isEqualTo(1);
        assertThat(stats.body().at("/clients/cy/tokens.me/requests").asLong()).isEqualTo(2);
        assertThat(stats.body().at("/clients/cy/tokens.me/serverErrors").asLong()).isEqualTo(2);
        assertThat(stats.body().at("/clients/cy/audit-query.submit/forbidden").asLong()).isEqualTo(1);
        assertThat(platform.admin("DELETE", "/stats", null).status()).isEqualTo(204);
        assertThat(simulator.stats().asMap()).isEmpty();
    }

    @Test
    void bad_admin_input_is_400_and_unknown_targets_are_404() {
        assertThat(platform.admin("POST", "/orgs", "{\"id\":\"o\",\"region\":\"nowhere-1\"}").status()).isEqualTo(400);
        assertThat(platform.admin("POST", "/orgs", "not json").status()).isEqualTo(400);
        assertThat(platform.admin("POST", "/clients/ghost/disable", null).status()).isEqualTo(404);
        assertThat(platform.admin("POST", "/jobs/ghost/fail", null).status()).isEqualTo(404);
        assertThat(platform.admin("GET", "/truth?org=o", null).status()).isEqualTo(400);
        assertThat(platform.admin("GET", "/nothing-here", null).status()).isEqualTo(404);
    }
}
