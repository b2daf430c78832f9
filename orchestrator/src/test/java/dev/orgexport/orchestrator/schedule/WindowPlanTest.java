package dev.orgexport.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.schedule.ExportSchedule;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowPlanTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static ExportSchedule schedule(String every, String lag, String catchUp) {
        return new ExportSchedule("acme", ExportKind.CONVERSATION_DETAILS, Duration.parse(every), Duration.parse(lag),
                Duration.parse(catchUp), T0, true);
    }

    @Test
    void a_window_is_not_due_before_its_end_plus_lag() {
        WindowPlan plan = WindowPlan.of(schedule("PT15M", "PT5M", "PT1H"), T0.plusSeconds(19 * 60 + 59));

        assertThat(plan.windows()).isEmpty();
        assertThat(plan.skipped()).isNull();
        assertThat(plan.nextWindowStart()).isEqualTo(T0);
    }

    @Test
    void a_window_is_due_exactly_when_its_end_plus_lag_has_come() {
        WindowPlan plan = WindowPlan.of(schedule("PT15M", "PT5M", "PT1H"), T0.plusSeconds(20 * 60));

        assertThat(plan.windows()).containsExactly(new TimeWindow(T0, T0.plusSeconds(15 * 60)));
        assertThat(plan.nextWindowStart()).isEqualTo(T0.plusSeconds(15 * 60));
    }

    @Test
    void several_due_windows_are_planned_oldest_first_and_contiguous() {
        WindowPlan plan = WindowPlan.of(schedule("PT15M", "PT0S", "PT1H"), T0.plusSeconds(45 * 60 + 30));

        assertThat(plan.windows()).extracting(TimeWindow::start)
                .containsExactly(T0, T0.plusSeconds(900), T0.plusSeconds(1800));
        assertThat(plan.nextWindowStart()).isEqualTo(T0.plusSeconds(2700));
    }

    @Test
    void windows_beyond_the_catch_up_are_skipped_and_reported_as_one_span() {
        // 12 windows are due; catchUp PT1H keeps the newest and the 4 before it.
        WindowPlan plan = WindowPlan.of(schedule("PT15M", "PT0S", "PT1H"), T0.plus(Duration.ofHours(3)));

        assertThat(plan.skippedCount()).isEqualTo(7);
        assertThat(plan.skipped()).isEqualTo(new TimeWindow(T0, T0.plus(Duration.ofMinutes(105))));
        assertThat(plan.windows()).extracting(TimeWindow::start).containsExactly(
                T0.plus(Duration.ofMinutes(105)), T0.plus(Duration.ofMinutes(120)), T0.plus(Duration.ofMinutes(135)),
                T0.plus(Duration.ofMinutes(150)), T0.plus(Duration.ofMinutes(165)));
        assertThat(plan.nextWindowStart()).isEqualTo(T0.plus(Duration.ofHours(3)));
    }

    @Test
    void a_catch_up_of_zero_creates_only_the_newest_due_window() {
        WindowPlan plan = WindowPlan.of(schedule("PT1H", "PT0S", "PT0S"), T0.plus(Duration.ofHours(5)));

        assertThat(plan.windows()).containsExactly(new TimeWindow(T0.plus(Duration.ofHours(4)), T0.plus(Duration.ofHours(5))));
        assertThat(plan.skippedCount()).isEqualTo(4);
    }

    @Test
    void a_clock_before_the_next_window_plans_nothing() {
        WindowPlan plan = WindowPlan.of(schedule("PT15M", "PT0S", "PT1H"), T0.minusSeconds(3600));

        assertThat(plan.windows()).isEmpty();
        assertThat(plan.nextWindowStart()).isEqualTo(T0);
    }
}
