package dev.orgexport.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T06:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void an_address_is_blocked_after_five_refusals_until_five_minutes_after_the_last() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("10.0.0.1");
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.blocked("10.0.0.1")).isEmpty();

        throttle.failed("10.0.0.1");
        assertThat(throttle.blocked("10.0.0.1")).contains(Duration.ofMinutes(5));
        assertThat(throttle.blocked("10.0.0.2")).as("other addresses").isEmpty();

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(throttle.blocked("10.0.0.1")).isEmpty();
    }

    @Test
    void refusals_far_apart_do_not_add_up_and_a_success_forgets_them() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
            clock.advance(Duration.ofMinutes(6));
        }
        assertThat(throttle.blocked("10.0.0.1")).isEmpty();

        for (int i = 0; i < 4; i++) {
            throttle.failed("10.0.0.3");
        }
        throttle.succeeded("10.0.0.3");
        throttle.failed("10.0.0.3");
        assertThat(throttle.blocked("10.0.0.3")).isEmpty();
    }
}
