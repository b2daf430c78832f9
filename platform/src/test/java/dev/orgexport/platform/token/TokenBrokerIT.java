package dev.orgexport.platform.token;

import static dev.orgexport.platform.support.PlatformFixture.org;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.platform.api.OrganizationInfo;
import dev.orgexport.platform.concurrent.Futures;
import dev.orgexport.platform.event.BreakerState;
import dev.orgexport.platform.failure.CircuitOpenException;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.failure.PlatformException;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.support.PlatformFixture;
import dev.orgexport.platform.support.RecordingListener;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import dev.orgexport.simulator.SimulatorStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens over real HTTP against the simulator: cache, single flight, refresh ahead, verification. */
class TokenBrokerIT {

    private final RecordingListener listener = new RecordingListener();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Simulator simulator;
    private PlatformGateway gateway;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder()
                .jobs(SimulatorConfig.JobTimings.quick(java.time.Duration.ofMillis(200)))
                .org("org-a", "Org A", "us-west-2")
                .org("org-b", "Org B", "us-west-2")
                .client("client-a", PlatformFixture.SECRETS.get("ORG_A_SECRET"), "org-a")
                .client("client-b", PlatformFixture.SECRETS.get("ORG_B_SECRET"), "org-b")
                .client(Client.of("client-short", PlatformFixture.SECRETS.get("ORG_C_SECRET"), "org-a")
                        .withTokenLifetime(Duration.ofSeconds(3)))
                .client(Client.of("client-conv-only", PlatformFixture.SECRETS.get("ORG_C_SECRET"), "org-b")
                        .withPermissions(ExportKind.CONVERSATION_DETAILS.permission()))
                .limits(new Limits(1_000_000, 1_000_000, BudgetScope.TOKEN))
                .build(), 0);
        gateway = PlatformFixture.gateway(PlatformFixture.settings(simulator), listener, meters).build();
    }

    @AfterEach
    void stop() {
        gateway.close();
        simulator.close();
    }

    @Test
    void two_hundred_concurrent_callers_with_a_cold_cache_cause_exactly_one_token_request() throws Exception {
        OrgCredentials orgA = org("org-a", "us-west-2", "client-a", "ORG_A_SECRET");
        ExecutorService callers = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<OrganizationInfo>> calls = new ArrayList<>();
        try {
            List<java.util.concurrent.Future<CompletableFuture<OrganizationInfo>>> started = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                started.add(callers.submit(() -> {
                    go.await();
                    return gateway.organization(orgA);
                }));
            }
            go.countDown();
            for (var future : started) {
                calls.add(future.get());
            }
        } finally {
            callers.shutdown();
        }

        for (CompletableFuture<OrganizationInfo> call : calls) {
            assertThat(Futures.await(call).id()).isEqualTo("org-a");
        }
        SimulatorStats stats = simulator.stats();
        assertThat(stats.tokenRequests("client-a")).isEqualTo(1);
        assertThat(stats.apiRequests("client-a", Endpoint.TOKENS_ME)).isEqualTo(1);
        assertThat(stats.apiRequests("client-a", Endpoint.ORGANIZATIONS_ME)).isEqualTo(200);
        RecordingListener.await(listener.tokens, t -> t.orgId().equals("org-a"));
        assertThat(listener.tokens).hasSize(1);
    }

    @Test
    void with_a_three_second_token_ten_seconds_of_calls_see_no_401_because_tokens_are_refreshed_ahead() {
        OrgCredentials org = org("org-a", "us-west-2", "client-short", "ORG_C_SECRET");
        Instant end = Instant.now().plusSeconds(10);
        int calls = 0;
        while (Instant.now().isBefore(end)) {
            assertThat(Futures.await(gateway.organization(org)).id()).isEqualTo("org-a");
            calls++;
        }

        SimulatorStats stats = simulator.stats();
        assertThat(stats.unauthorized("client-short")).isZero();
        // 10 s / (0.75 * 3 s) = 4.4 refreshes, plus the first token.
        assertThat(stats.tokenRequests("client-short")).isBetween(4L, 7L);
        assertThat(stats.apiRequests("client-short", Endpoint.ORGANIZATIONS_ME)).isEqualTo(calls);
        assertThat(meters.counter("orgexport.platform.reauthentications").count()).isZero();
        assertThat(calls).isGreaterThan(100);
    }

    @Test
    void a_failed_refresh_ahead_keeps_serving_the_current_token_without_hammering_the_token_endpoint() {
        OrgCredentials org = org("org-a", "us-west-2", "client-short", "ORG_C_SECRET");
        Instant start = Instant.now();
        Futures.await(gateway.organization(org));
        simulator.rotateSecret("client-short", "a-secret-orgexport-does-not-know");

        // The 3 s token is refreshed from 2.25 s on and usable until 2.7 s: every refresh fails
        // (the secret was rotated), yet every call until then succeeds with the current token.
        int calls = 0;
        while (Instant.now().isBefore(start.plusMillis(2_600))) {
            assertThat(Futures.await(gateway.organization(org)).id()).isEqualTo("org-a");
            calls++;
        }

        assertThat(calls).isGreaterThan(50);
        assertThat(RecordingListener.await(listener.authFailures, f -> true).failure().kind())
                .isEqualTo(FailureKind.CREDENTIALS_REJECTED);
        // One token, then one refresh attempt per 0.3 s (10 % of the lifetime) at most.
        assertThat(simulator.stats().tokenRequests("client-short")).isBetween(2L, 3L);
        assertThat(gateway.breaker("org-a").state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void an_org_configured_in_us_east_1_whose_client_lives_in_us_west_2_is_credentials_rejected_without_retry() {
        OrgCredentials misplaced = org("org-a", "us-east-1", "client-a", "ORG_A_SECRET");

        assertThatThrownBy(() -> Futures.await(gateway.organization(misplaced)))
                .isInstanceOfSatisfying(PlatformException.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(FailureKind.CREDENTIALS_REJECTED);
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure.regionId()).isEqualTo("us-east-1");
                    assertThat(failure.details().httpStatus()).isEqualTo(401);
                    assertThat(failure.correlationId()).isPresent();
                });

        SimulatorStats stats = simulator.stats();
        assertThat(stats.tokenRequests("client-a")).isEqualTo(1);
        assertThat(stats.apiRequests("client-a")).isZero();
        assertThat(RecordingListener.await(listener.authFailures, f -> true).failure().kind())
                .isEqualTo(FailureKind.CREDENTIALS_REJECTED);
        assertThat(gateway.breaker("org-a").state()).isEqualTo(BreakerState.OPEN);
        assertThat(gateway.breaker("org-a").reopenAt()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));

        var diagnosis = gateway.diagnoser().diagnose(misplaced,
                dev.orgexport.platform.diagnose.DiagnoseOptions.defaults().withRegionProbing(true));
        assertThat(diagnosis.verdict()).isEqualTo(dev.orgexport.platform.diagnose.Verdict.WRONG_REGION);
        assertThat(diagnosis.clientRegionId()).isEqualTo("us-west-2");
        assertThat(diagnosis.cause()).contains("authenticates in us-west-2").contains("us-east-1");
    }

    @Test
    void a_client_of_org_b_configured_as_org_a_is_refused_and_its_token_never_used_for_an_export() {
        OrgCredentials impostor = org("org-a", "us-west-2", "client-b", "ORG_B_SECRET");
        TimeWindow window = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-01T01:00:00Z"));

        assertThatThrownBy(() -> Futures.await(gateway.submit(impostor, ExportKind.CONVERSATION_DETAILS, window)))
                .isInstanceOfSatisfying(PlatformException.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(FailureKind.ORG_MISMATCH);
                    assertThat(failure.getMessage()).contains("org-b").contains("org-a");
                });
        assertThatThrownBy(() -> Futures.await(gateway.submit(impostor, ExportKind.CONVERSATION_DETAILS, window)))
                .isInstanceOfSatisfying(CircuitOpenException.class,
                        open -> assertThat(open.kind()).isEqualTo(FailureKind.ORG_MISMATCH));

        SimulatorStats stats = simulator.stats();
        assertThat(stats.tokenRequests("client-b")).isEqualTo(1);
        assertThat(stats.apiRequests("client-b", Endpoint.TOKENS_ME)).isEqualTo(1);
        assertThat(stats.apiRequests("client-b")).as("tokens/me is the only API call made with that token").isEqualTo(1);
        assertThat(RecordingListener.await(listener.authFailures, f -> true).failure().kind())
                .isEqualTo(FailureKind.ORG_MISMATCH);
    }

    @Test
    void an_unpinned_org_is_pinned_by_its_first_token_and_then_refuses_a_client_of_another_org() {
        OrgCredentials friendly = PlatformFixture.unpinned("acme-us", "us-west-2", "client-a", "ORG_A_SECRET");
        Futures.await(gateway.organization(friendly));
        OrgCredentials swapped = PlatformFixture.unpinned("acme-us", "us-west-2", "client-b", "ORG_B_SECRET");

        assertThatThrownBy(() -> Futures.await(gateway.organization(swapped)))
                .isInstanceOfSatisfying(PlatformException.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(FailureKind.ORG_MISMATCH);
                    assertThat(failure.getMessage()).contains("acme-us").contains("org-a (Org A)").contains("org-b (Org B)");
                    assertThat(failure.details().operatorHint()).contains("org-a (Org A)").contains("org-b (Org B)")
                            .contains("organizationId: org-b");
                });
    }

    @Test
    void a_configured_organization_id_matches_whatever_its_case() {
        OrgCredentials upper = PlatformFixture.unpinned("acme-us", "us-west-2", "client-a", "ORG_A_SECRET")
                .expecting(new ExpectedOrganization("ORG-A", "Acme", false));

        assertThat(Futures.await(gateway.organization(upper))).isNotNull();
    }

    @Test
    void a_revoked_token_costs_one_reauthentication_then_the_calls_succeed() {
        OrgCredentials org = org("org-a", "us-west-2", "client-a", "ORG_A_SECRET");
        Futures.await(gateway.organization(org));

        simulator.revokeTokens("client-a");
        List<CompletableFuture<OrganizationInfo>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(gateway.organization(org));
        }
        calls.forEach(call -> assertThat(Futures.await(call).id()).isEqualTo("org-a"));

        SimulatorStats stats = simulator.stats();
        assertThat(stats.tokenRequests("client-a")).isEqualTo(2);
        assertThat(stats.unauthorized("client-a")).isBetween(1L, 20L);
        assertThat(gateway.breaker("org-a").state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void a_disabled_client_is_refused_after_one_reauthentication_and_opens_the_breaker() {
        OrgCredentials org = org("org-a", "us-west-2", "client-a", "ORG_A_SECRET");
        Futures.await(gateway.organization(org));

        simulator.disableClient("client-a");

        assertThatThrownBy(() -> Futures.await(gateway.organization(org)))
                .isInstanceOfSatisfying(PlatformException.class,
                        failure -> assertThat(failure.kind()).isEqualTo(FailureKind.CREDENTIALS_REJECTED));
        assertThat(simulator.stats().tokenRequests("client-a")).isEqualTo(2);
        assertThat(gateway.breaker("org-a").state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void a_missing_permission_is_reported_once_and_does_not_open_the_breaker() {
        OrgCredentials org = org("org-b", "us-west-2", "client-conv-only", "ORG_C_SECRET");

        assertThatThrownBy(() -> Futures.await(gateway.availability(org, ExportKind.USER_DETAILS)))
                .isInstanceOfSatisfying(PlatformException.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(FailureKind.MISSING_PERMISSION);
                    assertThat(failure.details().platformMessage()).contains("analytics:userDetail:view");
                });
        assertThat(Futures.await(gateway.availability(org, ExportKind.CONVERSATION_DETAILS))).isNotNull();

        assertThat(simulator.stats().forbidden("client-conv-only")).isEqualTo(1);
        assertThat(RecordingListener.await(listener.authFailures, f -> true).failure().kind())
                .isEqualTo(FailureKind.MISSING_PERMISSION);
        assertThat(gateway.breaker("org-b").state()).isEqualTo(BreakerState.CLOSED);
    }
}
