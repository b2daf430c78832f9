package dev.orgexport.platform.resilience;

import static dev.orgexport.platform.support.PlatformFixture.org;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.platform.api.OrganizationInfo;
import dev.orgexport.platform.concurrent.Futures;
import dev.orgexport.platform.event.BreakerState;
import dev.orgexport.platform.event.BreakerTransition;
import dev.orgexport.platform.event.RetryScheduled;
import dev.orgexport.platform.failure.CircuitOpenException;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.failure.PlatformException;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.support.PlatformFixture;
import dev.orgexport.platform.support.RecordingListener;
import dev.orgexport.platform.support.ShiftableClock;
import dev.orgexport.platform.support.Waits;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import dev.orgexport.simulator.SimulatorStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry, circuit breaker and rate limiter over real HTTP against a misbehaving simulator. */
class ResilienceIT {

    private static final String REGION = "us-west-2";
    private static final OrgCredentials ORG_A = org("org-a", REGION, "client-a", "ORG_A_SECRET");

    private final RecordingListener listener = new RecordingListener();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Simulator simulator;
    private PlatformGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private void start(Limits limits, Clock simulatorClock, UnaryOperator<PlatformSettings> settings) {
        simulator = Simulator.start(SimulatorConfig.builder()
                .jobs(SimulatorConfig.JobTimings.quick(java.time.Duration.ofMillis(200)))
                .org("org-a", "Org A", REGION)
                .client("client-a", PlatformFixture.SECRETS.get("ORG_A_SECRET"), "org-a")
                .limits(limits)
                .build(), 0, simulatorClock);
        gateway = PlatformFixture.gateway(settings.apply(PlatformFixture.settings(simulator)), listener, meters).build();
    }

    private static Limits generous() {
        return new Limits(1_000_000, 1_000_000, BudgetScope.TOKEN);
    }

    @Test
    void half_of_all_requests_failing_with_503_still_let_every_call_succeed_through_retries() {
        System.out.println("simulator fault seed " + SimulatorConfig.Faults.NONE.seed() + ", jitter seed " + PlatformFixture.SEED);
        start(generous(), Clock.systemUTC(), s -> s.withResilience(s.resilience()
                .withRetry(s.resilience().retry().withMaxAttempts(8).withBackoff(Duration.ofMillis(5), Duration.ofMillis(50)))));
        simulator.setErrorRate(REGION, null, null, 0.5);

        for (int i = 0; i < 40; i++) {
            assertThat(Futures.await(gateway.organization(ORG_A)).id()).isEqualTo("org-a");
        }

        SimulatorStats stats = simulator.stats();
        assertThat(stats.serverErrors("client-a") + stats.serverErrors(SimulatorStats.UNKNOWN_CLIENT)).isGreaterThan(10);
        assertThat(listener.retries).isNotEmpty();
        assertThat(gateway.breaker("org-a").state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void an_outage_opens_the_breaker_after_its_threshold_then_calls_fail_fast_without_traffic_until_a_probe() {
        start(generous(), Clock.systemUTC(), s -> s.withResilience(s.resilience()
                .withRetry(s.resilience().retry().withMaxAttempts(3).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)))
                .withBreaker(s.resilience().breaker().withWindow(50f, 10, 5)
                        .withWaits(Duration.ofSeconds(2), Duration.ofMinutes(5)))));
        Futures.await(gateway.organization(ORG_A));
        simulator.setRegionOutage(REGION, true);

        // The warm-up success plus 4 failed attempts reach the minimum of 5 calls at 80 % failures
        // (threshold 50 %): 3 attempts of one call fail, then the next call's first failure opens
        // the breaker and its retry fails fast.
        assertThatThrownBy(() -> Futures.await(gateway.organization(ORG_A)))
                .isInstanceOfSatisfying(PlatformException.class, f -> assertThat(f.retryable()).isTrue());
        assertThatThrownBy(() -> Futures.await(gateway.organization(ORG_A))).isInstanceOf(CircuitOpenException.class);
        BreakerTransition opened = RecordingListener.await(listener.transitions, t -> t.to() == BreakerState.OPEN);
        assertThat(opened.cause()).isEqualTo(FailureKind.PLATFORM_UNAVAILABLE);
        assertThat(opened.reopenAt()).isBetween(opened.at().plusMillis(1_900), opened.at().plusMillis(2_100));
        long trafficWhenOpen = totalRequests(simulator.stats());
        assertThat(trafficWhenOpen).as("token, tokens/me, warm-up call, 4 failed attempts").isEqualTo(3 + 4);

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> Futures.await(gateway.organization(ORG_A)))
                    .isInstanceOfSatisfying(CircuitOpenException.class, open -> {
                        assertThat(open.reopenAt()).isEqualTo(opened.reopenAt());
                        assertThat(open.retryable()).isFalse();
                    });
        }
        assertThat(totalRequests(simulator.stats())).as("no HTTP traffic while open").isEqualTo(trafficWhenOpen);
        assertThat(gateway.breaker("org-a").reopenAt()).isEqualTo(opened.reopenAt());

        // After the wait one probe goes out; the outage is still on, so the breaker reopens.
        Waits.until(Duration.ofSeconds(5), "the reopen time", () -> Instant.now().isAfter(opened.reopenAt()));
        assertThatThrownBy(() -> Futures.await(gateway.organization(ORG_A))).isInstanceOf(PlatformException.class);
        assertThat(totalRequests(simulator.stats())).isEqualTo(trafficWhenOpen + 1);
        BreakerTransition reopened = RecordingListener.await(listener.transitions,
                t -> t.from() == BreakerState.HALF_OPEN && t.to() == BreakerState.OPEN);

        // The platform recovers: the next probe closes the breaker.
        simulator.setRegionOutage(REGION, false);
        Waits.until(Duration.ofSeconds(5), "the second reopen time", () -> Instant.now().isAfter(reopened.reopenAt()));
        assertThat(Futures.await(gateway.organization(ORG_A)).id()).isEqualTo("org-a");
        RecordingListener.await(listener.transitions, t -> t.from() == BreakerState.HALF_OPEN && t.to() == BreakerState.CLOSED);
        assertThat(gateway.breaker("org-a").state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void a_429_with_retry_after_2_makes_the_next_attempt_wait_at_least_2_seconds() {
        ShiftableClock simulatorClock = new ShiftableClock(1);
        start(new Limits(2, 1_000, BudgetScope.TOKEN), simulatorClock, s -> s);
        Futures.await(gateway.organization(ORG_A)); // tokens/me and organizations/me: the token's budget is spent

        simulatorClock.advance(Duration.ofSeconds(58)); // 2 s left in the token's one-minute window
        long start = System.nanoTime();
        OrganizationInfo info = Futures.await(gateway.organization(ORG_A));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(info.id()).isEqualTo("org-a");
        RetryScheduled retry = RecordingListener.await(listener.retries, r -> true);
        assertThat(retry.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(retry.failure().retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(simulator.stats().tooManyRequests("client-a")).isEqualTo(1);
    }

    @Test
    void with_the_rate_limiter_600_calls_at_a_300_per_minute_budget_get_no_429() {
        // The simulator's clock runs 10x fast, so its one-minute budget window lasts 6 real
        // seconds; the limiter gets the same 300 per 6 s budget. Compressing time also compresses
        // the slack: a request delayed 0.6 s (a GC pause, a busy 2-core machine) is 6 simulated
        // seconds late, so the test leaves 20 % headroom where the default 10 % covers 6 s at
        // real speed.
        start(new Limits(300, 1_000, BudgetScope.TOKEN), new ShiftableClock(10), s -> s.withResilience(s.resilience()
                .withRateLimit(new RateLimitSettings(true, 300, Duration.ofSeconds(6), 0.2, Duration.ofMinutes(2)))));

        List<CompletableFuture<OrganizationInfo>> calls = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            calls.add(gateway.organization(ORG_A));
        }
        calls.forEach(call -> assertThat(Futures.await(call).id()).isEqualTo("org-a"));

        SimulatorStats stats = simulator.stats();
        assertThat(stats.tooManyRequests("client-a")).as("429s; stats %s", stats).isZero();
        assertThat(stats.apiRequests("client-a")).as("retries: %s", listener.retries).isEqualTo(601);
        assertThat(meters.get("orgexport.platform.ratelimit.delayed").functionCounter().count()).isGreaterThan(500);
    }

    @Test
    void without_the_rate_limiter_the_same_budget_is_overrun_and_answered_with_429() {
        start(new Limits(300, 1_000, BudgetScope.TOKEN), new ShiftableClock(10), s -> s.withResilience(s.resilience()
                .withRetry(s.resilience().retry().withMaxAttempts(1))));

        int limited = 0;
        for (int i = 0; i < 400; i++) {
            try {
                Futures.await(gateway.organization(ORG_A));
            } catch (PlatformException e) {
                assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
                limited++;
            }
        }

        assertThat(limited).isPositive();
        assertThat(simulator.stats().tooManyRequests("client-a")).isEqualTo(limited);
    }

    @Test
    void closing_the_gateway_fails_a_call_still_waiting_for_its_permit_instead_of_leaving_it_hanging() {
        start(generous(), Clock.systemUTC(), s -> s.withResilience(s.resilience()
                .withRateLimit(RateLimitSettings.defaults().withBudget(2, Duration.ofMinutes(1)))));
        Futures.await(gateway.organization(ORG_A));
        CompletableFuture<OrganizationInfo> waiting = gateway.organization(ORG_A); // next permit in 60 s

        gateway.close();

        assertThatThrownBy(() -> Futures.await(waiting)).isInstanceOfSatisfying(PlatformException.class, failure -> {
            assertThat(failure.kind()).isEqualTo(FailureKind.PLATFORM_UNAVAILABLE);
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.getMessage()).contains("closed");
        });
        gateway = null;
    }

    private static long totalRequests(SimulatorStats stats) {
        return stats.asMap().values().stream()
                .flatMap(perEndpoint -> perEndpoint.values().stream())
                .mapToLong(SimulatorStats.Counts::requests).sum();
    }
}
