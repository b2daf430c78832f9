package dev.orgexport.orchestrator.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.schema.schedule.ExportSchedule;
import dev.orgexport.schema.task.ExportKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RangeBoundTest {

    private static final Instant NOW = Instant.parse("2030-05-10T12:40:17.250Z");

    private static ExportSchedule every(Duration every, String nextWindowStart) {
        return new ExportSchedule("org", ExportKind.AUDIT_EVENTS, every, Duration.ZERO, Duration.ofHours(6),
                Instant.parse(nextWindowStart), true);
    }

    @Test
    void an_instant_is_taken_as_given_and_checked_on_the_grid_by_the_backfill() {
        RangeBound bound = RangeBound.parse("2030-05-10T10:07:00Z");

        assertThat(bound.resolve(every(Duration.ofHours(1), "2030-05-10T13:00:00Z"), NOW))
                .isEqualTo(Instant.parse("2030-05-10T10:07:00Z"));
    }

    @Test
    void a_duration_back_from_now_is_the_start_of_the_window_holding_that_moment_on_the_schedules_own_grid() {
        RangeBound twoHours = RangeBound.parse("PT2H");

        assertThat(twoHours.resolve(every(Duration.ofMinutes(15), "2030-05-10T12:45:00Z"), NOW))
                .isEqualTo(Instant.parse("2030-05-10T10:30:00Z"));
        // A grid on the half hour (its `every` was changed at some :30): 10:40:17 is in the window from 10:30.
        assertThat(twoHours.resolve(every(Duration.ofHours(1), "2030-05-10T13:30:00Z"), NOW))
                .isEqualTo(Instant.parse("2030-05-10T10:30:00Z"));
        assertThat(RangeBound.parse("p1d").resolve(every(Duration.ofDays(1), "2030-05-11T00:00:00Z"), NOW))
                .isEqualTo(Instant.parse("2030-05-09T00:00:00Z"));
        assertThat(RangeBound.parse("PT0S").resolve(every(Duration.ofMinutes(5), "2030-05-10T12:45:00Z"), NOW))
                .as("now: the start of the window in progress").isEqualTo(Instant.parse("2030-05-10T12:40:00Z"));
    }

    @Test
    void text_that_is_neither_form_or_a_negative_duration_is_refused_naming_both_forms() {
        assertThatThrownBy(() -> RangeBound.parse("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'yesterday' is neither an ISO-8601 instant such as 2026-11-28T00:00:00Z nor a duration back "
                        + "from now such as PT3H or P1D");
        assertThatThrownBy(() -> RangeBound.parse("2030-05-10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RangeBound.parse("PT-3H")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a duration back from now must not be negative, but is PT-3H (PT3H is three hours ago)");
    }
}
