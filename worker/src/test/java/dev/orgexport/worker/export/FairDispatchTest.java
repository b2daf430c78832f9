package dev.orgexport.worker.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunIds;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairDispatchTest {

    private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");

    private final List<FairDispatch.Pending> started = new ArrayList<>();

    private static FairDispatch.Pending pending(String org, int hour) {
        TimeWindow window = new TimeWindow(T.plusSeconds(3600L * hour), T.plusSeconds(3600L * (hour + 1)));
        Run run = new Run(RunIds.of(org, ExportKind.USER_DETAILS, window.start()), org, ExportKind.USER_DETAILS, window,
                RunState.RUNNING, 1, null, "w", T, null, null, null, null, null, T, T);
        return new FairDispatch.Pending(null, null, run);
    }

    private List<String> startedOrgs() {
        return started.stream().map(FairDispatch.Pending::orgId).toList();
    }

    @Test
    void orgs_take_turns_so_a_deep_backlog_of_one_org_does_not_delay_the_others() {
        FairDispatch dispatch = new FairDispatch(4, org -> 10, started::add);
        for (int hour = 0; hour < 6; hour++) {
            dispatch.offer(pending("deep", hour));
        }
        assertThat(startedOrgs()).containsExactly("deep", "deep", "deep", "deep");
        dispatch.offer(pending("b", 0));
        dispatch.offer(pending("c", 0));
        assertThat(dispatch.queued()).isEqualTo(4);

        dispatch.ended("deep");
        dispatch.ended("deep");
        dispatch.ended("deep");

        // "deep" was first in the rotation, then b and c joined behind it: each gets a turn.
        assertThat(startedOrgs().subList(4, 7)).containsExactly("deep", "b", "c");
        assertThat(dispatch.running()).isEqualTo(4);
    }

    @Test
    void an_org_never_has_more_runs_in_flight_than_its_bound_while_others_use_the_free_places() {
        FairDispatch dispatch = new FairDispatch(100, Map.of("slow", 2, "fast", 3)::get, started::add);
        for (int hour = 0; hour < 5; hour++) {
            dispatch.offer(pending("slow", hour));
            dispatch.offer(pending("fast", hour));
        }
        assertThat(startedOrgs()).containsExactlyInAnyOrder("slow", "slow", "fast", "fast", "fast");
        assertThat(dispatch.queued()).isEqualTo(5);

        dispatch.ended("slow");
        assertThat(startedOrgs()).hasSize(6).last().isEqualTo("slow");
    }

    @Test
    void queued_runs_can_be_dropped_and_drained_and_an_unknown_end_is_a_bug() {
        FairDispatch dispatch = new FairDispatch(1, org -> 1, started::add);
        FairDispatch.Pending first = pending("a", 0);
        FairDispatch.Pending second = pending("a", 1);
        FairDispatch.Pending third = pending("b", 0);
        dispatch.offer(first);
        dispatch.offer(second);
        dispatch.offer(third);

        assertThat(dispatch.remove(second.runId(), "a")).isTrue();
        assertThat(dispatch.remove(first.runId(), "a")).as("already started").isFalse();
        assertThat(dispatch.drainQueued()).containsExactly(third);
        assertThat(dispatch.queued()).isZero();
        assertThatThrownBy(() -> dispatch.ended("b")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org b");
    }
}
