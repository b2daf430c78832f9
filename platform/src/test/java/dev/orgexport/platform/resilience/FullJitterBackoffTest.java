package dev.orgexport.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.platform.failure.FailureDetails;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.failure.PlatformException;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FullJitterBackoffTest {

    private static final long SEED = 20240501L;

    @Test
    void backoff_is_drawn_from_zero_to_an_exponential_bound_capped_at_the_maximum() {
        System.out.println("seed " + SEED);
        FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(SEED));
        for (int attempt = 1; attempt <= 8; attempt++) {
            long bound = Math.min(1_000, 100L << (attempt - 1));
            long max = 0;
            long min = Long.MAX_VALUE;
            for (int draw = 0; draw < 2_000; draw++) {
                long wait = backoff.backoffMillis(attempt);
                assertThat(wait).isBetween(0L, bound);
                max = Math.max(max, wait);
                min = Math.min(min, wait);
            }
            // Full jitter spreads over the whole range, not around the bound.
            assertThat(max).as("attempt %d", attempt).isGreaterThan(bound * 9 / 10);
            assertThat(min).as("attempt %d", attempt).isLessThan(bound / 10 + 1);
        }
    }

    @Test
    void a_retry_after_is_waited_exactly_instead_of_the_backoff() {
        FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000), new Random(SEED));
        PlatformException tooMany = new PlatformException(FailureDetails.builder(FailureKind.RATE_LIMITED, true)
                .context(new dev.orgexport.platform.failure.FailureContext("o", "us-east-1", "h", "GET /x"))
                .retryAfter(Duration.ofSeconds(2)).build());

        assertThat(backoff.apply(1, Either.left(tooMany))).isEqualTo(2_000L);
        assertThat(backoff.apply(1, Either.left(new java.util.concurrent.CompletionException(tooMany)))).isEqualTo(2_000L);
    }
}
