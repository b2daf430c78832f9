package dev.orgexport.orchestrator.schedule;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one scheduler tick did.
 *
 * @param at            the clock's time the tick worked with
 * @param schedulesDue  schedules this instance took (others may have been taken by another instance)
 * @param runsCreated   runs created, each with its outbox row
 * @param runsExisting  due windows whose run already existed (created by a backfill or another instance)
 * @param skipped       windows older than the schedule's catch-up, not created
 */
public record TickReport(Instant at, int schedulesDue, int runsCreated, int runsExisting, List<SkippedWindows> skipped) {

    public TickReport {
        skipped = List.copyOf(skipped);
    }

    /** Windows of one schedule that were skipped because they lie beyond its catch-up. */
    public record SkippedWindows(String orgId, ExportKind kind, TimeWindow span, long count) {
    }

    public long windowsSkipped() {
        return skipped.stream().mapToLong(SkippedWindows::count).sum();
    }

    TickReport plus(TickReport other) {
        List<SkippedWindows> all = new ArrayList<>(skipped);
        all.addAll(other.skipped);
        return new TickReport(at, schedulesDue + other.schedulesDue, runsCreated + other.runsCreated,
                runsExisting + other.runsExisting, all);
    }
}
