package dev.orgexport.orchestrator.schedule;

import dev.orgexport.schema.schedule.ExportSchedule;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one schedule owes at one instant: the due windows {@code [t, t + every)} (end plus lag
 * passed) from its next window start on, oldest first. After an outage only the newest
 * {@code 1 + catchUp / every} of them are created, so the scheduler goes back at most
 * {@code catchUp} before the newest due window; the older ones are skipped and reported, never
 * silently lost. The schedule then moves to the end of the newest due window.
 *
 * @param windows         the windows to create, oldest first
 * @param skipped         the span of the skipped windows, or null when none was skipped
 * @param skippedCount    how many windows were skipped
 * @param nextWindowStart where the schedule stands afterwards
 */
record WindowPlan(List<TimeWindow> windows, TimeWindow skipped, long skippedCount, Instant nextWindowStart) {

    static WindowPlan of(ExportSchedule schedule, Instant now) {
        long every = schedule.every().getSeconds();
        Instant start = schedule.nextWindowStart();
        Instant dueEnd = now.minus(schedule.lag());
        long available = Duration.between(start, dueEnd).getSeconds();
        long due = available < every ? 0 : available / every;
        long keep = 1 + schedule.catchUp().getSeconds() / every;
        long skippedCount = Math.max(0, due - keep);
        Instant firstCreated = start.plusSeconds(skippedCount * every);
        TimeWindow skipped = skippedCount == 0 ? null : new TimeWindow(start, firstCreated);
        List<TimeWindow> windows = new ArrayList<>((int) Math.min(due - skippedCount, 10_000));
        for (long k = skippedCount; k < due; k++) {
            Instant windowStart = start.plusSeconds(k * every);
            windows.add(new TimeWindow(windowStart, windowStart.plusSeconds(every)));
        }
        return new WindowPlan(windows, skipped, skippedCount, start.plusSeconds(due * every));
    }
}
