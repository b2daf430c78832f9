package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofHours(6), Duration.ofSeconds(10),
            Duration.ofMinutes(5), 2.0, 0.0);

    @Test
    void waits_grow_by_the_multiplier_and_stop_at_the_longest_wait() {
        SplittableRandom random = new SplittableRandom(1);

        assertThat(policy.backoff(1, random)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoff(2, random)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.backoff(4, random)).isEqualTo(Duration.ofSeconds(80));
        assertThat(policy.backoff(30, random)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitter_spreads_a_wait_within_its_fraction() {
        long seed = System.nanoTime();
        System.out.println("jitter_spreads_a_wait_within_its_fraction seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        RetryPolicy jittered = new RetryPolicy(5, Duration.ofHours(6), Duration.ofSeconds(10), Duration.ofMinutes(5),
                2.0, 0.2);
        long distinct = 0;
        long previous = -1;
        for (int i = 0; i < 200; i++) {
            long millis = jittered.backoff(1, random).toMillis();
            assertThat(millis).as("seed %d", seed).isBetween(8_000L, 12_000L);
            distinct += millis == previous ? 0 : 1;
            previous = millis;
        }
        assertThat(distinct).as("seed %d", seed).isGreaterThan(100);
    }

    @Test
    void a_run_stops_after_its_attempts_or_its_age() {
        Instant created = Instant.parse("2024-05-01T00:00:00Z");

        assertThat(policy.exhausted(4, created, created.plusSeconds(60))).isFalse();
        assertThat(policy.exhausted(5, created, created.plusSeconds(60))).isTrue();
        assertThat(policy.exhausted(1, created, created.plus(Duration.ofHours(6)))).isTrue();
    }

    @Test
    void a_longest_wait_below_the_first_wait_is_refused_with_both_values() {
        assertThatThrownBy(() -> new RetryPolicy(5, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(1),
                2.0, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("worker.retry.max-backoff must be between PT10M and PT168H, but was PT1M");
    }
}
