package dev.orgexport.simulator;

import dev.orgexport.devstack.time.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.simulator.RawPlatform.Answer;
import dev.orgexport.simulator.SimulatorConfig.Client;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuthTokenIT {

    private final SettableClock clock = new SettableClock(Instant.parse("2024-03-01T12:00:00Z"));
    private Simulator simulator;
    private RawPlatform platform;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder()
                .org("org-west", "West Org", "us-west-2")
                .org("org-ie", "Irish Org", "eu-west-1")
                .client("client-west", "secret-west", "org-west")
                .client(Client.of("client-short", "secret-short", "org-west").withTokenLifetime(Duration.ofMinutes(5)))
                .client("client-ie", "secret-ie", "org-ie")
                .build(), 0, clock);
        platform = new RawPlatform(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void right_credentials_in_the_right_region_get_a_bearer_token_with_the_client_lifetime() {
        Answer answer = platform.tokenRequest("us-west-2", "client-west", "secret-west");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("token_type").asText()).isEqualTo("bearer");
        assertThat(answer.body().get("expires_in").asLong()).isEqualTo(86_400);
        assertThat(answer.body().get("access_token").asText()).hasSizeGreaterThan(30);
        assertThat(answer.correlationId()).isNotBlank();
    }

    @Test
    void two_tokens_of_one_client_are_different_opaque_strings() {
        assertThat(platform.token("us-west-2", "client-west", "secret-west"))
                .isNotEqualTo(platform.token("us-west-2", "client-west", "secret-west"));
    }

    @Test
    void a_wrong_secret_is_invalid_client_authentication_failed() {
        assertInvalidClient(platform.tokenRequest("us-west-2", "client-west", "not-the-secret"), "authentication failed");
    }

    @Test
    void a_client_of_another_region_is_reported_as_authentication_failed() {
        assertInvalidClient(platform.tokenRequest("us-west-2", "client-ie", "secret-ie"), "authentication failed");
        assertThat(platform.tokenRequest("eu-west-1", "client-ie", "secret-ie").status()).isEqualTo(200);
    }

    @Test
    void an_id_unknown_in_every_region_is_client_not_found() {
        assertInvalidClient(platform.tokenRequest("us-west-2", "nobody", "whatever"), "client not found");
    }

    @Test
    void a_disabled_client_gets_no_token_and_its_tokens_stop_working() {
        String token = platform.token("us-west-2", "client-west", "secret-west");

        simulator.disableClient("client-west");

        assertInvalidClient(platform.tokenRequest("us-west-2", "client-west", "secret-west"), "authentication failed");
        assertThat(platform.get("us-west-2", "/api/v2/tokens/me", token).body().get("code").asText()).isEqualTo("bad.credentials");

        simulator.enableClient("client-west");
        assertThat(platform.get("us-west-2", "/api/v2/tokens/me", token).status()).isEqualTo(200);
    }

    @Test
    void a_rotated_secret_rejects_the_old_one_and_keeps_issued_tokens_valid() {
        String token = platform.token("us-west-2", "client-west", "secret-west");

        simulator.rotateSecret("client-west", "secret-west-2");

        assertInvalidClient(platform.tokenRequest("us-west-2", "client-west", "secret-west"), "authentication failed");
        assertThat(platform.tokenRequest("us-west-2", "client-west", "secret-west-2").status()).isEqualTo(200);
        assertThat(platform.get("us-west-2", "/api/v2/tokens/me", token).status()).isEqualTo(200);
    }

    @Test
    void a_revoked_token_is_bad_credentials_and_a_new_one_works() {
        String token = platform.token("us-west-2", "client-west", "secret-west");

        assertThat(simulator.revokeTokens("client-west")).isEqualTo(1);

        assertThat(platform.get("us-west-2", "/api/v2/tokens/me", token).status()).isEqualTo(401);
        assertThat(platform.get("us-west-2", "/api/v2/tokens/me", platform.token("us-west-2", "client-west", "secret-west"))
                .status()).isEqualTo(200);
    }

    @Test
    void an_expired_token_is_bad_credentials() {
        String token = platform.token("us-west-2", "client-short", "secret-short");
        clock.advance(Duration.ofMinutes(4));
        assertThat(platform.get("us-west-2", "/api/v2/tokens/me", token).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));

        Answer answer = platform.get("us-west-2", "/api/v2/tokens/me", token);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().get("code").asText()).isEqualTo("bad.credentials");
    }

    @Test
    void a_token_is_only_good_in_its_own_region() {
        String token = platform.token("us-west-2", "client-west", "secret-west");

        assertThat(platform.get("eu-west-1", "/api/v2/tokens/me", token).status()).isEqualTo(401);
    }

    @Test
    void a_grant_type_other_than_client_credentials_is_400_unsupported_grant_type() {
        Answer answer = platform.tokenRequest("us-west-2", "client-west", "secret-west", "grant_type=password",
                "application/x-www-form-urlencoded");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void a_body_without_grant_type_or_not_form_encoded_is_400_invalid_request() {
        Answer missing = platform.tokenRequest("us-west-2", "client-west", "secret-west", "scope=all",
                "application/x-www-form-urlencoded");
        Answer json = platform.tokenRequest("us-west-2", "client-west", "secret-west",
                "{\"grant_type\":\"client_credentials\"}", "application/json");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("error").asText()).isEqualTo("invalid_request");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.body().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void a_request_without_basic_credentials_is_invalid_client() {
        assertInvalidClient(platform.tokenRequest("us-west-2", null, null), "authentication failed");
    }

    @Test
    void token_requests_and_their_401s_are_counted_per_client() {
        platform.token("us-west-2", "client-west", "secret-west");
        platform.tokenRequest("us-west-2", "client-west", "wrong");

        assertThat(simulator.stats().tokenRequests("client-west")).isEqualTo(2);
        assertThat(simulator.stats().unauthorized("client-west")).isEqualTo(1);
        assertThat(simulator.stats().apiRequests("client-west")).isZero();
    }

    private static void assertInvalidClient(Answer answer, String description) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().get("error").asText()).isEqualTo("invalid_client");
        assertThat(answer.body().get("description").asText()).isEqualTo(description);
        assertThat(answer.body().get("error_description").asText()).isEqualTo(description);
        assertThat(answer.correlationId()).isNotBlank();
    }
}
