package dev.orgexport.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.platform.failure.PlatformException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The global rate-limit settings and an org's own budget meet here; the limiter spaces by the result. */
class OrgBudgetsTest {

    private static final RateLimitSettings GLOBAL = new RateLimitSettings(true, 300, Duration.ofMinutes(1), 0.05,
            Duration.ofMinutes(2));

    @Test
    void an_org_without_an_override_gets_the_global_budget_and_one_with_gets_its_own() {
        OrgBudgets budgets = new OrgBudgets(GLOBAL);
        budgets.set("small", 60);

        assertThat(budgets.settingsFor("other")).isEqualTo(GLOBAL);
        assertThat(budgets.settingsFor("small").budget()).isEqualTo(60);
        assertThat(budgets.settingsFor("small").effectivePermits()).isEqualTo(57);
        assertThat(budgets.permitsPerSecond("other")).isEqualTo(285 / 60.0);
        assertThat(budgets.permitsPerSecond("small")).isEqualTo(57 / 60.0);

        budgets.set("small", null);
        assertThat(budgets.settingsFor("small")).isEqualTo(GLOBAL);
    }

    @Test
    void a_budget_is_scaled_to_the_window_and_never_below_one_call() {
        RateLimitSettings tenSeconds = new RateLimitSettings(true, 50, Duration.ofSeconds(10), 0.1, Duration.ofMinutes(1));

        assertThat(tenSeconds.forBudgetPerMinute(600).budget()).isEqualTo(100);
        assertThat(GLOBAL.forBudgetPerMinute(1).effectivePermits()).isEqualTo(1);
        assertThat(GLOBAL.forBudgetPerMinute(1).headroom()).isZero();
        assertThatThrownBy(() -> GLOBAL.forBudgetPerMinute(0)).hasMessageContaining("apiBudgetPerMinute must be at least 1");
        assertThat(new OrgBudgets(RateLimitSettings.disabled()).permitsPerSecond("x")).isInfinite();
    }

    @Test
    void the_limiter_spaces_each_org_by_its_own_budget() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try {
            OrgBudgets budgets = new OrgBudgets(GLOBAL);
            budgets.set("slow", 1);
            OrgRateLimiters limiters = new OrgRateLimiters(budgets, scheduler, Clock.systemUTC());

            limiters.permit("fast@r/c", "fast", OrgBudgetsTest::refused).get(5, TimeUnit.SECONDS);
            limiters.permit("fast@r/c", "fast", OrgBudgetsTest::refused).get(5, TimeUnit.SECONDS);
            long fastWait = limiters.delayedNanos();
            limiters.permit("slow@r/c", "slow", OrgBudgetsTest::refused).get(5, TimeUnit.SECONDS);
            var second = limiters.permit("slow@r/c", "slow", OrgBudgetsTest::refused);

            assertThat(Duration.ofNanos(fastWait)).as("second call of a 300/min org").isLessThan(Duration.ofMillis(300));
            assertThat(second).as("second call of a 1/min org waits for the next minute").isNotDone();
            assertThat(Duration.ofNanos(limiters.delayedNanos() - fastWait)).isGreaterThan(Duration.ofSeconds(50));
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static PlatformException refused() {
        throw new AssertionError("no call should be refused here");
    }
}
