package dev.orgexport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mypurecloud.sdk.v2.ApiClient;
import com.mypurecloud.sdk.v2.ApiException;
import com.mypurecloud.sdk.v2.ApiResponse;
import com.mypurecloud.sdk.v2.api.AnalyticsApi;
import com.mypurecloud.sdk.v2.api.AuditApi;
import com.mypurecloud.sdk.v2.api.OrganizationApi;
import com.mypurecloud.sdk.v2.api.TokensApi;
import com.mypurecloud.sdk.v2.model.AnalyticsConversation;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationAsyncQueryResponse;
import com.mypurecloud.sdk.v2.model.AnalyticsUserDetail;
import com.mypurecloud.sdk.v2.model.AnalyticsUserDetailsAsyncQueryResponse;
import com.mypurecloud.sdk.v2.model.AsyncConversationQuery;
import com.mypurecloud.sdk.v2.model.AsyncQueryStatus;
import com.mypurecloud.sdk.v2.model.AsyncUserDetailsQuery;
import com.mypurecloud.sdk.v2.model.AuditLogMessage;
import com.mypurecloud.sdk.v2.model.AuditQueryExecutionResultsResponse;
import com.mypurecloud.sdk.v2.model.AuditQueryExecutionStatusResponse;
import com.mypurecloud.sdk.v2.model.AuditQueryRequest;
import com.mypurecloud.sdk.v2.model.Organization;
import com.mypurecloud.sdk.v2.model.TokenInfo;
import dev.orgexport.devstack.tls.SelfSignedTls;
import dev.orgexport.schema.region.Region;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import dev.orgexport.simulator.SimulatorConfig.Tls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Genesys Cloud Java SDK against the simulator, unchanged: it logs in with client
 * credentials at {@code https://login.usw2.pure.cloud:PORT} and calls
 * {@code https://api.usw2.pure.cloud:PORT}. Only DNS (a hosts file given to this JVM with
 * {@code -Djdk.net.hosts.file}, see the pom) and trust (a test certificate for those names) are
 * redirected; the simulator routes the region by the Host header, as the platform does.
 * Anything the SDK cannot parse fails here.
 */
class SdkConformanceIT {

    private static final String REGION = "us-west-2";
    private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant END = Instant.parse("2024-05-01T06:00:00Z");

    @TempDir
    static Path dir;

    private static Simulator simulator;
    private static String basePath;

    @BeforeAll
    static void start() throws Exception {
        String hostsFile = System.getProperty("jdk.net.hosts.file");
        assumeTrue(hostsFile != null, "runs only in the sdk-conformance failsafe execution, which sets -Djdk.net.hosts.file");
        List<String> hostNames = new ArrayList<>();
        for (Region region : SimulatorConfig.builder().build().catalog().all()) {
            hostNames.addAll(List.of(region.loginHost(), region.apiHost(), "download." + region.domain()));
        }
        SelfSignedTls certificates = SelfSignedTls.create(dir, "simulator", hostNames);
        StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
        for (Region region : SimulatorConfig.builder().build().catalog().all()) {
            hosts.append("127.0.0.1 ").append(region.loginHost()).append(' ').append(region.apiHost())
                    .append(" download.").append(region.domain()).append('\n');
        }
        Files.writeString(Path.of(hostsFile), hosts.toString(), StandardCharsets.US_ASCII);
        System.setProperty("javax.net.ssl.trustStore", certificates.trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", certificates.password());
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");

        simulator = Simulator.start(SimulatorConfig.builder()
                .org("org-sdk", "SDK Org", REGION)
                .client("sdk-client", "sdk-secret", "org-sdk")
                .client(Client.of("sdk-no-analytics", "sdk-secret-2", "org-sdk").withPermissions(ExportKind.AUDIT_EVENTS.permission()))
                .data(new SimulatorConfig.DataSizing(5, 12, 6, Duration.ZERO))
                // Short but not instant, so that a status read right after submission still sees the job running.
                .jobs(new SimulatorConfig.JobTimings(Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofHours(1)))
                .tls(new Tls(certificates.keyStore(), certificates.password(), 0))
                .build(), 0);
        basePath = "https://api.usw2.pure.cloud:" + simulator.httpsPort();
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
        // The trust store lives in a temporary directory that is deleted now.
        System.clearProperty("javax.net.ssl.trustStore");
        System.clearProperty("javax.net.ssl.trustStorePassword");
        System.clearProperty("javax.net.ssl.trustStoreType");
    }

    private static ApiClient login(String clientId, String secret) throws Exception {
        ApiClient client = ApiClient.Builder.standard().withBasePath(basePath).build();
        var auth = client.authorizeClientCredentials(clientId, secret);
        assertThat(auth.getBody().getAccess_token()).isNotBlank();
        assertThat(auth.getBody().getExpires_in()).isEqualTo(86_400);
        return client;
    }

    @Test
    void the_sdk_logs_in_with_client_credentials_and_reads_tokens_me_and_organizations_me() throws Exception {
        ApiClient client = login("sdk-client", "sdk-secret");

        TokenInfo me = new TokensApi(client).getTokensMe((Boolean) null);
        Organization org = new OrganizationApi(client).getOrganizationsMe();

        assertThat(me.getOrganization().getId()).isEqualTo("org-sdk");
        assertThat(me.getHomeOrganization().getName()).isEqualTo("SDK Org");
        assertThat(me.getOAuthClient().getId()).isEqualTo("sdk-client");
        assertThat(me.getOAuthClient().getAuthorizedGrantType().toString()).isEqualTo("CLIENT-CREDENTIALS");
        assertThat(org.getId()).isEqualTo("org-sdk");
        assertThat(org.getState()).isEqualTo(Organization.StateEnum.ACTIVE);
        assertThat(org.getDomain()).isEqualTo("usw2.pure.cloud");
    }

    @Test
    void a_conversation_details_job_is_submitted_polled_and_paged_to_the_end() throws Exception {
        AnalyticsApi analytics = new AnalyticsApi(login("sdk-client", "sdk-secret"));
        AsyncConversationQuery query = new AsyncConversationQuery().interval(START + "/" + END)
                .order(AsyncConversationQuery.OrderEnum.ASC).orderBy(AsyncConversationQuery.OrderByEnum.CONVERSATIONSTART);

        String jobId = analytics.postAnalyticsConversationsDetailsJobs(query).getJobId();
        AsyncQueryStatus status = poll(() -> call(() -> analytics.getAnalyticsConversationsDetailsJob(jobId)),
                s -> s.getState() == AsyncQueryStatus.StateEnum.QUEUED || s.getState() == AsyncQueryStatus.StateEnum.PENDING);
        List<AnalyticsConversation> conversations = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            AnalyticsConversationAsyncQueryResponse page = analytics.getAnalyticsConversationsDetailsJobResults(jobId, cursor, 10);
            if (page.getConversations() != null) {
                conversations.addAll(page.getConversations());
            }
            assertThat(page.getDataAvailabilityDate()).isNotNull();
            cursor = page.getCursor();
            pages++;
        } while (cursor != null);

        assertThat(status.getState()).isEqualTo(AsyncQueryStatus.StateEnum.FULFILLED);
        assertThat(status.getExpirationDate()).isAfter(status.getCompletionDate());
        assertThat(conversations).hasSize((int) simulator.truth("org-sdk", ExportKind.CONVERSATION_DETAILS, START, END).records());
        assertThat(pages).isGreaterThan(1);
        AnalyticsConversation first = conversations.get(0);
        assertThat(first.getConversationStart()).isNotNull();
        assertThat(first.getOriginatingDirection()).isNotEqualTo(AnalyticsConversation.OriginatingDirectionEnum.OUTDATEDSDKVERSION);
        assertThat(first.getParticipants()).isNotEmpty();
        assertThat(conversations).allSatisfy(c -> {
            assertThat(c.getParticipants()).allSatisfy(p -> {
                assertThat(p.getPurpose()).isNotEqualTo(com.mypurecloud.sdk.v2.model.AnalyticsParticipant.PurposeEnum.OUTDATEDSDKVERSION);
                assertThat(p.getSessions()).allSatisfy(s -> {
                    assertThat(s.getMediaType()).isNotEqualTo(com.mypurecloud.sdk.v2.model.AnalyticsSession.MediaTypeEnum.OUTDATEDSDKVERSION);
                    assertThat(s.getSegments()).allSatisfy(seg -> assertThat(seg.getSegmentType())
                            .isNotEqualTo(com.mypurecloud.sdk.v2.model.AnalyticsConversationSegment.SegmentTypeEnum.OUTDATEDSDKVERSION));
                });
            });
        });
        assertThat(analytics.getAnalyticsConversationsDetailsJobsAvailability().getDataAvailabilityDate()).isNotNull();
    }

    @Test
    void a_user_details_job_returns_users_with_presence_the_sdk_understands() throws Exception {
        AnalyticsApi analytics = new AnalyticsApi(login("sdk-client", "sdk-secret"));

        String jobId = analytics.postAnalyticsUsersDetailsJobs(new AsyncUserDetailsQuery().interval(START + "/" + END)).getJobId();
        poll(() -> call(() -> analytics.getAnalyticsUsersDetailsJob(jobId)),
                s -> s.getState() == AsyncQueryStatus.StateEnum.QUEUED || s.getState() == AsyncQueryStatus.StateEnum.PENDING);
        AnalyticsUserDetailsAsyncQueryResponse page = analytics.getAnalyticsUsersDetailsJobResults(jobId, null, 100);

        List<AnalyticsUserDetail> users = page.getUserDetails();
        assertThat(users).hasSize((int) simulator.truth("org-sdk", ExportKind.USER_DETAILS, START, END).records());
        assertThat(page.getCursor()).isNull();
        assertThat(users).allSatisfy(u -> {
            assertThat(u.getUserId()).isNotBlank();
            assertThat(u.getPrimaryPresence()).allSatisfy(p -> assertThat(p.getSystemPresence())
                    .isNotEqualTo(com.mypurecloud.sdk.v2.model.AnalyticsUserPresenceRecord.SystemPresenceEnum.OUTDATEDSDKVERSION));
            assertThat(u.getRoutingStatus()).allSatisfy(r -> assertThat(r.getRoutingStatus())
                    .isNotEqualTo(com.mypurecloud.sdk.v2.model.AnalyticsRoutingStatusRecord.RoutingStatusEnum.OUTDATEDSDKVERSION));
        });
    }

    @Test
    void an_audit_query_is_submitted_polled_and_paged() throws Exception {
        AuditApi audits = new AuditApi(login("sdk-client", "sdk-secret"));

        AuditQueryExecutionStatusResponse submitted = audits.postAuditsQuery(new AuditQueryRequest().interval(START + "/" + END));
        AuditQueryExecutionStatusResponse done = poll(() -> call(() -> audits.getAuditsQueryTransactionId(submitted.getId())),
                s -> s.getState() == AuditQueryExecutionStatusResponse.StateEnum.QUEUED
                        || s.getState() == AuditQueryExecutionStatusResponse.StateEnum.RUNNING);
        List<AuditLogMessage> entities = new ArrayList<>();
        String cursor = null;
        do {
            AuditQueryExecutionResultsResponse page = audits.getAuditsQueryTransactionIdResults(submitted.getId(), cursor, 25, null);
            entities.addAll(page.getEntities());
            cursor = page.getCursor();
        } while (cursor != null);

        assertThat(submitted.getState()).isEqualTo(AuditQueryExecutionStatusResponse.StateEnum.QUEUED);
        assertThat(done.getState()).isEqualTo(AuditQueryExecutionStatusResponse.StateEnum.SUCCEEDED);
        assertThat(entities).hasSize((int) simulator.truth("org-sdk", ExportKind.AUDIT_EVENTS, START, END).records());
        assertThat(entities).anySatisfy(e -> assertThat(e.getLevel()).isEqualTo(AuditLogMessage.LevelEnum.USER));
        assertThat(entities).allSatisfy(e -> {
            assertThat(e.getEventDate()).isNotNull();
            // SDK 198.1.0 predates the GENESYS_INTERNAL level (in newer SDK models, S2): it parses the
            // event and maps that one value to OUTDATEDSDKVERSION, as it would on the platform.
            assertThat(e.getLevel()).isIn(AuditLogMessage.LevelEnum.USER, AuditLogMessage.LevelEnum.SYSTEM,
                    AuditLogMessage.LevelEnum.OUTDATEDSDKVERSION);
            assertThat(e.getStatus()).isNotEqualTo(AuditLogMessage.StatusEnum.OUTDATEDSDKVERSION);
            assertThat(e.getMessage().getLocalizableMessageCode()).isNotBlank();
        });
    }

    @Test
    void a_revoked_token_is_an_api_exception_401_bad_credentials_with_the_correlation_id() throws Exception {
        ApiClient client = login("sdk-client", "sdk-secret");
        simulator.revokeTokens("sdk-client");

        ApiException e = catchThrowableOfType(ApiException.class, () -> new TokensApi(client).getTokensMe((Boolean) null));

        assertError(e, 401, "bad.credentials");
    }

    @Test
    void a_missing_permission_of_an_any_permission_endpoint_is_an_api_exception_403_missing_any_permissions_naming_both()
            throws Exception {
        AnalyticsApi analytics = new AnalyticsApi(login("sdk-no-analytics", "sdk-secret-2"));

        ApiException e = catchThrowableOfType(ApiException.class, () -> analytics.postAnalyticsConversationsDetailsJobs(
                new AsyncConversationQuery().interval(START + "/" + END)));

        JsonNode body = assertError(e, 403, "missing.any.permissions");
        assertThat(body.get("message").asText()).contains("analytics:conversationDetail:view")
                .contains("analytics:agentConversationDetail:view");
    }

    @Test
    void an_exhausted_budget_is_an_api_exception_429_with_retry_after() throws Exception {
        simulator.addClient(Client.of("sdk-busy", "sdk-secret-3", "org-sdk"));
        simulator.setLimits(new Limits(2, 120, BudgetScope.CLIENT));
        try {
            TokensApi tokens = new TokensApi(login("sdk-busy", "sdk-secret-3"));
            tokens.getTokensMe((Boolean) null);
            tokens.getTokensMe((Boolean) null);

            ApiException e = catchThrowableOfType(ApiException.class, () -> tokens.getTokensMe((Boolean) null));

            assertError(e, 429, "too.many.requests.retry.after");
            assertThat(Integer.parseInt(e.getHeader("Retry-After"))).isBetween(1, 60);
        } finally {
            simulator.setLimits(Limits.DEFAULT);
        }
    }

    @Test
    void job_status_is_202_while_running_and_200_when_done_and_delete_is_204() throws Exception {
        AnalyticsApi analytics = new AnalyticsApi(login("sdk-client", "sdk-secret"));
        AuditApi audits = new AuditApi(login("sdk-client", "sdk-secret"));

        String jobId = analytics.postAnalyticsConversationsDetailsJobs(new AsyncConversationQuery().interval(START + "/" + END))
                .getJobId();
        ApiResponse<AsyncQueryStatus> running = analytics.getAnalyticsConversationsDetailsJobWithHttpInfo(jobId);
        ApiResponse<AuditQueryExecutionStatusResponse> auditSubmitted = audits.postAuditsQueryWithHttpInfo(
                new AuditQueryRequest().interval(START + "/" + END));
        ApiResponse<AuditQueryExecutionStatusResponse> auditRunning = audits.getAuditsQueryTransactionIdWithHttpInfo(
                auditSubmitted.getBody().getId());

        assertThat(running.getStatusCode()).isEqualTo(202);
        assertThat(running.getBody().getState()).isIn(AsyncQueryStatus.StateEnum.QUEUED, AsyncQueryStatus.StateEnum.PENDING);
        assertThat(auditSubmitted.getStatusCode()).isEqualTo(202);
        assertThat(auditSubmitted.getBody().getState()).isEqualTo(AuditQueryExecutionStatusResponse.StateEnum.QUEUED);
        assertThat(auditRunning.getStatusCode()).isEqualTo(202);
        poll(() -> call(() -> analytics.getAnalyticsConversationsDetailsJob(jobId)),
                s -> s.getState() == AsyncQueryStatus.StateEnum.QUEUED || s.getState() == AsyncQueryStatus.StateEnum.PENDING);
        assertThat(analytics.getAnalyticsConversationsDetailsJobWithHttpInfo(jobId).getStatusCode()).isEqualTo(200);
        assertThat(analytics.deleteAnalyticsConversationsDetailsJobWithHttpInfo(jobId).getStatusCode()).isEqualTo(204);
    }

    @Test
    void a_302_audit_result_with_a_download_url_reaches_the_sdk_as_the_page() throws Exception {
        AuditApi audits = new AuditApi(login("sdk-client", "sdk-secret"));
        String id = audits.postAuditsQuery(new AuditQueryRequest().interval(START + "/" + END)).getId();
        poll(() -> call(() -> audits.getAuditsQueryTransactionId(id)),
                s -> s.getState() == AuditQueryExecutionStatusResponse.StateEnum.QUEUED
                        || s.getState() == AuditQueryExecutionStatusResponse.StateEnum.RUNNING);
        AuditQueryExecutionResultsResponse direct = audits.getAuditsQueryTransactionIdResults(id, null, 25, null);
        simulator.addWireFault(dev.orgexport.simulator.faults.WireFaultRule.times(
                dev.orgexport.simulator.faults.WireFault.AUDIT_REDIRECT, "org-sdk", 1));

        ApiResponse<AuditQueryExecutionResultsResponse> redirected = audits.getAuditsQueryTransactionIdResultsWithHttpInfo(
                id, null, 25, null);

        // The SDK's HTTP client follows the 302's Location (download.<domain>) and parses the page there.
        assertThat(redirected.getStatusCode()).isEqualTo(200);
        assertThat(redirected.getBody().getEntities()).isEqualTo(direct.getEntities());
        assertThat(redirected.getBody().getCursor()).isEqualTo(direct.getCursor());
        assertThat(simulator.stats().total(Endpoint.AUDIT_DOWNLOAD).requests()).isEqualTo(1);
    }

    @Test
    void a_gateway_page_and_a_request_timeout_are_api_exceptions_with_their_status() throws Exception {
        TokensApi tokens = new TokensApi(login("sdk-client", "sdk-secret"));
        simulator.addWireFault(dev.orgexport.simulator.faults.WireFaultRule.times(
                dev.orgexport.simulator.faults.WireFault.GATEWAY_502, "org-sdk", 1));
        simulator.addWireFault(dev.orgexport.simulator.faults.WireFaultRule.times(
                dev.orgexport.simulator.faults.WireFault.REQUEST_TIMEOUT, "org-sdk", 1));

        ApiException gateway = catchThrowableOfType(ApiException.class, () -> tokens.getTokensMe((Boolean) null));
        ApiException timeout = catchThrowableOfType(ApiException.class, () -> tokens.getTokensMe((Boolean) null));

        assertThat(gateway).isNotNull();
        assertThat(gateway.getStatusCode()).isEqualTo(502);
        assertThat(gateway.getRawBody()).contains("502 Bad Gateway");
        assertThat(gateway.getCorrelationId()).isNotBlank();
        assertError(timeout, 504, "request.timeout");
    }

    @Test
    void a_wrong_secret_is_an_api_exception_from_the_login_host() {
        // Without this the SDK answers a failed login by trying a refresh_token grant, and
        // reports that grant's 400 unsupported_grant_type instead of the 401.
        ApiClient client = ApiClient.Builder.standard().withBasePath(basePath).withShouldRefreshAccessToken(false).build();

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.authorizeClientCredentials("sdk-client", "wrong"));

        assertThat(e.getStatusCode()).isEqualTo(401);
        assertThat(e.getRawBody()).contains("invalid_client").contains("authentication failed");
        assertThat(e.getCorrelationId()).isNotBlank();
    }

    private static JsonNode assertError(ApiException e, int status, String code) throws Exception {
        assertThat(e).as("expected an ApiException %s %s", status, code).isNotNull();
        assertThat(e.getStatusCode()).isEqualTo(status);
        JsonNode body = RawPlatform.JSON.readTree(e.getRawBody());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(e.getCorrelationId()).isNotBlank().isEqualTo(body.get("contextId").asText());
        return body;
    }

    private interface SdkCall<T> {
        T call() throws Exception;
    }

    private static <T> T call(SdkCall<T> sdkCall) {
        try {
            return sdkCall.call();
        } catch (Exception e) {
            throw new AssertionError("SDK call failed", e);
        }
    }

    private static <T> T poll(Supplier<T> read, java.util.function.Predicate<T> stillRunning) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T value = read.get();
        while (stillRunning.test(value)) {
            assertThat(System.nanoTime()).as("job finished within 10 s").isLessThan(deadline);
            Thread.sleep(25);
            value = read.get();
        }
        return value;
    }
}
