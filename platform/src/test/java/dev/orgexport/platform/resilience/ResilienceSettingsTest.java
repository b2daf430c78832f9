package dev.orgexport.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceSettingsTest {

    @Test
    void the_default_rate_limit_spaces_285_calls_per_minute_evenly() {
        RateLimitSettings defaults = RateLimitSettings.defaults();

        assertThat(defaults.effectivePermits()).isEqualTo(285);
        assertThat(defaults.spacing()).isEqualTo(Duration.ofMinutes(1).dividedBy(285));
    }

    @Test
    void invalid_values_are_refused_with_the_field_the_rule_and_the_value() {
        assertThatThrownBy(() -> new RateLimitSettings(true, 300, Duration.ofMinutes(1), 1.0, Duration.ZERO))
                .hasMessage("platform.rate-limit.headroom must be at least 0 and lower than 1, but was 1.0");
        assertThatThrownBy(() -> RetrySettings.defaults().withMaxAttempts(0))
                .hasMessage("platform.retry.max-attempts must be between 1 and 100, but was 0");
        assertThatThrownBy(() -> BreakerSettings.defaults().withWindow(0f, 20, 10))
                .hasMessage("platform.breaker.failure-rate-threshold must be greater than 0 and at most 100, but was 0.0");
        assertThatThrownBy(() -> BreakerSettings.defaults().withWindow(50f, 5, 10))
                .hasMessage("platform.breaker.minimum-calls must be between 1 and platform.breaker.sliding-window-size (5), but was 10");
        assertThatThrownBy(() -> RetrySettings.defaults().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("platform.retry.max-backoff must be at least platform.retry.initial-backoff");
    }
}
