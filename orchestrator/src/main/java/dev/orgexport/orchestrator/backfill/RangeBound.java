package dev.orgexport.orchestrator.backfill;

import dev.orgexport.schema.schedule.ExportSchedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One end of a backfill range: an instant on the schedule's window grid, or a duration back from
 * now ({@code PT3H}, {@code P1D}) that stands for the start of the window holding that moment, so
 * that one command line fits every org and kind whatever their {@code every}, and a script or a
 * compose file need not compute dates.
 */
public sealed interface RangeBound {

    /** The instant this bound stands for in {@code schedule}'s grid at {@code now}. */
    Instant resolve(ExportSchedule schedule, Instant now);

    static RangeBound at(Instant instant) {
        return new At(instant);
    }

    static RangeBound ago(Duration age) {
        return new Ago(age);
    }

    /**
     * Reads an ISO-8601 instant ({@code 2026-11-28T00:00:00Z}) or duration back from now ({@code PT3H}).
     *
     * @throws IllegalArgumentException naming both forms when the text is neither, or the duration is negative
     */
    static RangeBound parse(String text) {
        try {
            return text.startsWith("P") || text.startsWith("p") ? ago(Duration.parse(text)) : at(Instant.parse(text));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 instant such as 2026-11-28T00:00:00Z "
                    + "nor a duration back from now such as PT3H or P1D");
        }
    }

    /** An instant given as such: it must lie on the grid (checked by the backfill, which names the nearest starts). */
    record At(Instant instant) implements RangeBound {
        public At {
            Objects.requireNonNull(instant, "instant");
        }

        @Override
        public Instant resolve(ExportSchedule schedule, Instant now) {
            return instant;
        }

        @Override
        public String toString() {
            return instant.toString();
        }
    }

    /** A moment {@code age} before now, moved back to the start of the window that holds it. */
    record Ago(Duration age) implements RangeBound {
        public Ago {
            Objects.requireNonNull(age, "age");
            if (age.isNegative()) {
                throw new IllegalArgumentException("a duration back from now must not be negative, but is " + age
                        + " (PT3H is three hours ago)");
            }
        }

        @Override
        public Instant resolve(ExportSchedule schedule, Instant now) {
            Instant moment = now.minus(age).truncatedTo(ChronoUnit.SECONDS);
            long every = schedule.every().getSeconds();
            long offset = Math.floorMod(Duration.between(schedule.nextWindowStart(), moment).getSeconds(), every);
            return moment.minusSeconds(offset);
        }

        @Override
        public String toString() {
            return age + " ago";
        }
    }
}
