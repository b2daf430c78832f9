package dev.orgexport.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.json.Json;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Canned platform answers (the bodies of platform-facts.md) through the classifier. */
class FailureClassifierTest {

    private static final FailureContext LOGIN = new FailureContext("acme", "us-east-1", "login.mypurecloud.com",
            "POST /oauth/token");
    private static final FailureContext API = new FailureContext("acme", "us-east-1", "api.mypurecloud.com",
            "POST /api/v2/analytics/conversations/details/jobs");

    private final FailureClassifier classifier = new FailureClassifier(Json.mapper(),
            Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void invalid_client_authentication_failed_is_credentials_rejected_and_not_retryable() {
        PlatformException failure = classifier.tokenFailure(LOGIN, 401, headers("ININ-Correlation-Id", "c-1"),
                body("{\"error\":\"invalid_client\",\"description\":\"authentication failed\","
                        + "\"error_description\":\"authentication failed\"}"));

        assertThat(failure.kind()).isEqualTo(FailureKind.CREDENTIALS_REJECTED);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.details().httpStatus()).isEqualTo(401);
        assertThat(failure.details().errorCode()).isEqualTo("invalid_client");
        assertThat(failure.correlationId()).contains("c-1");
        assertThat(failure.details().host()).isEqualTo("login.mypurecloud.com");
        assertThat(failure.regionId()).isEqualTo("us-east-1");
        assertThat(failure.getMessage()).contains("CREDENTIALS_REJECTED", "acme", "us-east-1", "401", "invalid_client",
                "authentication failed", "c-1", "orgexport diagnose").doesNotContain("\n");
    }

    @Test
    void invalid_client_client_not_found_is_client_not_found_with_any_4xx() {
        PlatformException failure = classifier.tokenFailure(LOGIN, 400, headers(),
                body("{\"error\":\"invalid_client\",\"error_description\":\"client not found\"}"));

        assertThat(failure.kind()).isEqualTo(FailureKind.CLIENT_NOT_FOUND);
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void api_401_is_token_rejected_and_403_missing_permission_with_the_listed_permissions() {
        PlatformException unauthorized = classifier.apiFailure(API, 401, headers(),
                body("{\"message\":\"Invalid login credentials.\",\"code\":\"bad.credentials\",\"status\":401}"));
        PlatformException forbidden = classifier.apiFailure(API, 403, headers(),
                body("{\"message\":\"You are missing the following permission(s): [analytics:conversationDetail:view]\","
                        + "\"code\":\"missing.permissions\",\"status\":403,\"contextId\":\"ctx-9\"}"));

        assertThat(unauthorized.kind()).isEqualTo(FailureKind.TOKEN_REJECTED);
        assertThat(unauthorized.details().errorCode()).isEqualTo("bad.credentials");
        assertThat(forbidden.kind()).isEqualTo(FailureKind.MISSING_PERMISSION);
        assertThat(forbidden.retryable()).isFalse();
        assertThat(forbidden.details().platformMessage()).contains("analytics:conversationDetail:view");
        assertThat(forbidden.correlationId()).as("contextId is the correlation id").contains("ctx-9");
    }

    @Test
    void the_newer_correlation_header_is_read_too() {
        PlatformException failure = classifier.apiFailure(API, 503, headers("Genesys-Correlation-Id", "g-7"), new byte[0]);

        assertThat(failure.correlationId()).contains("g-7");
    }

    @Test
    void too_many_requests_is_retryable_after_the_retry_after_header() {
        PlatformException failure = classifier.apiFailure(API, 429, headers("Retry-After", "2"),
                body("{\"message\":\"Rate limit exceeded the maximum. Retry the request in [7] seconds\","
                        + "\"code\":\"too.many.requests.retry.after\",\"status\":429}"));

        assertThat(failure.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void without_the_header_the_wait_is_read_from_the_message_or_an_http_date() {
        PlatformException fromMessage = classifier.apiFailure(API, 429, headers(),
                body("{\"message\":\"Rate limit exceeded the maximum. Retry the request in [7] seconds\"}"));
        PlatformException fromDate = classifier.tokenFailure(LOGIN, 429,
                headers("Retry-After", "Wed, 01 May 2024 12:00:05 GMT"), new byte[0]);

        assertThat(fromMessage.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(fromDate.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(fromDate.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    }

    @Test
    void too_many_requests_per_period_is_rate_limited_without_a_wait_so_the_retry_backs_off() {
        PlatformException perPeriod = classifier.apiFailure(API, 429, headers(),
                body("{\"message\":\"Rate limit exceeded the maximum [300] requests within [60] seconds\","
                        + "\"code\":\"too.many.requests\",\"status\":429}"));
        PlatformException bare = classifier.apiFailure(API, 429, headers(),
                body("{\"message\":\"Rate limit exceeded the maximum\",\"code\":\"too.many.requests.retry.after\"}"));

        assertThat(perPeriod.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(perPeriod.retryable()).isTrue();
        assertThat(perPeriod.retryAfter()).as("[60] seconds is the limit's period, not a wait").isEmpty();
        assertThat(bare.retryAfter()).isEmpty();
    }

    @Test
    void missing_any_permissions_is_missing_permission_naming_both_alternatives() {
        PlatformException failure = classifier.apiFailure(API, 403, headers(),
                body("{\"message\":\"Unable to perform the requested action. You must have at least one of the following "
                        + "permissions: [analytics:conversationDetail:view, analytics:agentConversationDetail:view]\","
                        + "\"code\":\"missing.any.permissions\",\"status\":403}"));

        assertThat(failure.kind()).isEqualTo(FailureKind.MISSING_PERMISSION);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.details().errorCode()).isEqualTo("missing.any.permissions");
        assertThat(failure.getMessage()).contains("analytics:conversationDetail:view")
                .contains("analytics:agentConversationDetail:view");
    }

    @Test
    void a_gateway_page_is_named_as_a_non_json_body_not_quoted() {
        PlatformException failure = classifier.apiFailure(API, 502, headers("Content-Type", "text/html"),
                body("<html><head><title>502 Bad Gateway</title></head></html>"));

        assertThat(failure.kind()).isEqualTo(FailureKind.PLATFORM_UNAVAILABLE);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).contains("non-JSON body (text/html").doesNotContain("<html>");
    }

    @Test
    void server_errors_are_retryable_except_501() {
        for (int status : new int[] {500, 502, 503, 504}) {
            PlatformException failure = classifier.apiFailure(API, status, headers(), body("<html>oops</html>"));
            assertThat(failure.kind()).isEqualTo(FailureKind.PLATFORM_UNAVAILABLE);
            assertThat(failure.retryable()).as("status %d", status).isTrue();
        }
        PlatformException notImplemented = classifier.apiFailure(API, 501, headers(), new byte[0]);
        assertThat(notImplemented.retryable()).isFalse();
        assertThat(notImplemented.kind()).isEqualTo(FailureKind.REQUEST_REJECTED);
    }

    @Test
    void transport_failures_are_platform_unavailable_and_retryable() {
        PlatformException refused = classifier.transportFailure(API, new ConnectException("Connection refused"));
        PlatformException timeout = classifier.transportFailure(API, new HttpTimeoutException("request timed out"));

        assertThat(refused.kind()).isEqualTo(FailureKind.PLATFORM_UNAVAILABLE);
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.details().status()).isEmpty();
        assertThat(timeout.details().platformMessage()).contains("timed out");
    }

    @Test
    void other_client_errors_are_rejected_requests_and_a_404_means_the_job_is_gone() {
        PlatformException notFound = classifier.apiFailure(API, 404, headers(),
                body("{\"message\":\"Job j-1 was not found\",\"code\":\"not.found\",\"status\":404}"));
        PlatformException badRequest = classifier.apiFailure(API, 400, headers(),
                body("{\"message\":\"interval is required\",\"code\":\"bad.request\",\"status\":400}"));

        assertThat(notFound.kind()).isEqualTo(FailureKind.REQUEST_REJECTED);
        assertThat(notFound.jobNotFound()).isTrue();
        assertThat(badRequest.jobNotFound()).isFalse();
        assertThat(badRequest.retryable()).isFalse();
    }

    @Test
    void other_oauth_errors_at_the_login_host_are_credential_problems() {
        PlatformException failure = classifier.tokenFailure(LOGIN, 400, headers(),
                body("{\"error\":\"unauthorized_client\",\"description\":\"grant type not allowed\"}"));

        assertThat(failure.kind()).isEqualTo(FailureKind.CREDENTIALS_REJECTED);
        assertThat(failure.operatorHint()).contains("unauthorized_client");
    }

    @Test
    void a_long_multi_line_platform_message_is_kept_on_one_line_and_cut() {
        String longMessage = "line one\nline two " + "x".repeat(1000);
        PlatformException failure = classifier.apiFailure(API, 400, headers(),
                body("{\"message\":" + Json.mapper().valueToTree(longMessage) + "}"));

        assertThat(failure.getMessage()).doesNotContain("\n");
        assertThat(failure.details().platformMessage()).hasSizeLessThanOrEqualTo(FailureDetails.MAX_MESSAGE + 3);
    }

    @Test
    void every_kind_has_a_one_line_hint_and_only_credential_kinds_open_the_breaker_at_once() {
        for (FailureKind kind : FailureKind.values()) {
            assertThat(kind.operatorHint()).isNotBlank().doesNotContain("\n");
        }
        assertThat(List.of(FailureKind.values())).filteredOn(FailureKind::credentialFailure).containsExactly(
                FailureKind.CREDENTIALS_REJECTED, FailureKind.CLIENT_NOT_FOUND, FailureKind.ORG_MISMATCH,
                FailureKind.TOKEN_REJECTED);
    }

    private static HttpHeaders headers(String... nameValues) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
