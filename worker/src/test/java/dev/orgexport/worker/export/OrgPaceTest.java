package dev.orgexport.worker.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrgPaceTest {

    private static final double BUDGET_285_PER_MINUTE = 285 / 60.0;

    @Test
    void before_any_run_the_bound_comes_from_the_budget_and_one_poll_interval() {
        // 5 calls of 0.1 s plus 2 s of polling: 2.5 s per run; 4.75 permits/s feed 2.4 runs; x3, +1.
        assertThat(new OrgPace(2.0).bound(BUDGET_285_PER_MINUTE, 64)).isEqualTo(9);
    }

    @Test
    void runs_that_wait_longer_on_their_jobs_get_more_places_and_a_bigger_budget_more_still() {
        OrgPace pace = new OrgPace(2.0);
        for (int i = 0; i < 50; i++) {
            pace.runEnded(4, 10_000_000_000L);
        }
        assertThat(pace.bound(BUDGET_285_PER_MINUTE, 64)).isEqualTo(39);
        assertThat(pace.bound(BUDGET_285_PER_MINUTE * 10, 64)).isEqualTo(64);
        assertThat(pace.bound(Double.POSITIVE_INFINITY, 64)).isEqualTo(64);
        assertThat(pace.bound(0.01, 64)).isEqualTo(2);
    }

    @Test
    void calls_that_queued_behind_other_calls_of_the_org_do_not_inflate_the_latency() {
        OrgPace pace = new OrgPace(2.0);
        int before = pace.bound(BUDGET_285_PER_MINUTE, 64);
        boolean first = pace.callStarted();
        boolean second = pace.callStarted();
        pace.callEnded(30_000_000_000L, second); // waited 30 s behind the first for permits
        pace.callEnded(50_000_000L, first);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(pace.bound(BUDGET_285_PER_MINUTE, 64)).isLessThanOrEqualTo(before);
    }
}
