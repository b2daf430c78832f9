package dev.orgexport.orchestrator.backfill;

import dev.orgexport.orchestrator.OrchestratorException;
import dev.orgexport.orchestrator.control.UnknownOrgException;
import dev.orgexport.orchestrator.outbox.TaskEnqueuer;
import dev.orgexport.orchestrator.tx.Transactions;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import dev.orgexport.schema.run.NewRun;
import dev.orgexport.schema.run.PostgresRunQueueStore;
import dev.orgexport.schema.run.RequeuedRun;
import dev.orgexport.schema.schedule.ExportSchedule;
import dev.orgexport.schema.schedule.PostgresScheduleStore;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the runs of past windows on demand ({@code orgexport backfill}). The windows are those
 * of the org's schedule for that kind: the same {@code every} and the same grid, so a backfilled
 * window has the run id the scheduler would give it and no window is ever created twice; running
 * the same backfill again creates nothing. {@code from} and {@code to} must lie on that grid
 * (the error names the nearest window starts), and the last window must have ended, plus the
 * schedule's lag, before now. Runs are created in chunks of {@value #CHUNK} windows, one
 * transaction each, oldest first. Thread-safe.
 */
public final class Backfill {

    private static final Logger log = LoggerFactory.getLogger(Backfill.class);
    static final int CHUNK = 1000;
    /** More windows than this in one request is almost certainly a typo in a date. */
    public static final int MAX_WINDOWS = 100_000;

    private final DataSource dataSource;
    private final Clock clock;
    private final PostgresOrgStore orgs;
    private final PostgresScheduleStore schedules;
    private final TaskEnqueuer enqueuer;
    private final PostgresRunQueueStore queue = new PostgresRunQueueStore();

    public Backfill(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.orgs = new PostgresOrgStore(dataSource);
        this.schedules = new PostgresScheduleStore(dataSource);
        this.enqueuer = new TaskEnqueuer(new PostgresOutboxStore(dataSource));
    }

    /**
     * Creates the runs of every window of the org's {@code kind} schedule within {@code [from, to)}.
     *
     * @throws UnknownOrgException   when the registry has no such org
     * @throws OrchestratorException when the org is disabled or paused, has no schedule for the kind,
     *                               or the range is empty, off the grid, too long or not over yet
     */
    public BackfillResult run(String orgId, ExportKind kind, Instant from, Instant to) {
        return run(orgId, kind, from, to, false);
    }

    /**
     * As {@link #run(String, ExportKind, Instant, Instant)}; with {@code requeue}, first publishes
     * again the tasks of the range's existing QUEUED and RETRY_WAIT runs (RETRY_WAIT ones become
     * QUEUED at once): the way to re-drive runs whose task was lost.
     */
    public BackfillResult run(String orgId, ExportKind kind, Instant from, Instant to, boolean requeue) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return run(orgId, kind, RangeBound.at(from), RangeBound.at(to), requeue);
    }

    /**
     * As {@link #run(String, ExportKind, Instant, Instant, boolean)}, with each end an instant or a
     * duration back from now that stands for the start of the schedule's window holding it.
     */
    public BackfillResult run(String orgId, ExportKind kind, RangeBound fromBound, RangeBound toBound, boolean requeue) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fromBound, "from");
        Objects.requireNonNull(toBound, "to");
        requireActive(orgId, "backfill");
        ExportSchedule schedule = schedules.find(orgId, kind).orElseThrow(() -> new OrchestratorException(
                "org " + orgId + " has no " + kind + " export in the registry; add it to orgs.yaml and apply it first"));
        Instant resolvedAt = clock.instant();
        Instant from = fromBound.resolve(schedule, resolvedAt);
        Instant to = toBound.resolve(schedule, resolvedAt);
        List<TimeWindow> windows = windows(schedule, from, to, resolvedAt);
        int requeued = 0;
        if (requeue) {
            Instant now = clock.instant();
            requeued = Transactions.inTransaction(dataSource, "re-queue " + kind + " of org " + orgId, c -> {
                List<RequeuedRun> runs = queue.requeueRange(c, orgId, kind, from, to, now);
                enqueuer.enqueue(c, runs, now);
                return runs.size();
            });
        }
        int created = 0;
        for (int i = 0; i < windows.size(); i += CHUNK) {
            List<NewRun> chunk = new ArrayList<>();
            windows.subList(i, Math.min(windows.size(), i + CHUNK)).forEach(w -> chunk.add(new NewRun(orgId, kind, w)));
            Instant now = clock.instant();
            created += Transactions.inTransaction(dataSource, "backfill " + kind + " of org " + orgId,
                    c -> enqueuer.createAndEnqueue(c, chunk, now).size());
        }
        BackfillResult result = new BackfillResult(orgId, kind, from, to, schedule.every(), windows.size(), created,
                windows.size() - created, requeued);
        log.info("org {}: {}", orgId, result.render());
        return result;
    }

    /**
     * Re-exports the org's SUCCEEDED runs of {@code kind} whose window starts in {@code [from, to)}:
     * each goes back to QUEUED and its task is published again (one transaction). A worker writes
     * a new version of a window's file only when the content changed; earlier versions stay.
     *
     * @return the runs queued for re-export
     */
    public int reexport(String orgId, ExportKind kind, Instant from, Instant to) {
        return reexport(orgId, kind, RangeBound.at(from), RangeBound.at(to));
    }

    /** As {@link #reexport(String, ExportKind, Instant, Instant)}, each end an instant or a duration back from now. */
    public int reexport(String orgId, ExportKind kind, RangeBound fromBound, RangeBound toBound) {
        Objects.requireNonNull(kind, "kind");
        requireActive(orgId, "re-export");
        Instant resolvedAt = clock.instant();
        Instant from;
        Instant to;
        if (fromBound instanceof RangeBound.At at && toBound instanceof RangeBound.At atTo) {
            from = at.instant(); // no schedule needed: a removed export's windows can be re-exported too
            to = atTo.instant();
        } else {
            ExportSchedule schedule = schedules.find(orgId, kind).orElseThrow(() -> new OrchestratorException(
                    "org " + orgId + " has no " + kind + " export in the registry to count windows back from now; "
                            + "give --from and --to as instants"));
            from = fromBound.resolve(schedule, resolvedAt);
            to = toBound.resolve(schedule, resolvedAt);
        }
        if (!to.isAfter(from)) {
            throw new OrchestratorException("a re-export needs --from before --to, but got " + from + " and " + to);
        }
        Instant now = clock.instant();
        int queued = Transactions.inTransaction(dataSource, "re-export " + kind + " of org " + orgId, c -> {
            List<RequeuedRun> runs = queue.reexportRange(c, orgId, kind, from, to, now);
            enqueuer.enqueue(c, runs, now);
            return runs.size();
        });
        log.info("org {}: {} SUCCEEDED {} runs in [{}, {}) queued for re-export", orgId, queued, kind.wireName(), from, to);
        return queued;
    }

    private void requireActive(String orgId, String what) {
        OrgRecord org = orgs.find(orgId).orElseThrow(() -> new UnknownOrgException(orgId));
        if (!org.active()) {
            throw new OrchestratorException("org " + orgId + " is " + (org.enabled() ? "paused; resume it" : "disabled; enable it in the registry")
                    + " before a " + what);
        }
    }

    static List<TimeWindow> windows(ExportSchedule schedule, Instant from, Instant to, Instant now) {
        if (!to.isAfter(from)) {
            throw new OrchestratorException("backfill needs --from before --to, but got " + from + " and " + to);
        }
        Duration every = schedule.every();
        requireOnGrid("from", from, schedule);
        requireOnGrid("to", to, schedule);
        if (to.plus(schedule.lag()).isAfter(now)) {
            throw new OrchestratorException("backfill to " + to + " is not over yet: windows are exported once their end plus"
                    + " the lag (" + schedule.lag() + ") has passed, and now is " + now);
        }
        long count = Duration.between(from, to).getSeconds() / every.getSeconds();
        if (count > MAX_WINDOWS) {
            throw new OrchestratorException("backfill from " + from + " to " + to + " is " + count + " windows of " + every
                    + ", more than the " + MAX_WINDOWS + " allowed at once; split it");
        }
        List<TimeWindow> windows = new ArrayList<>((int) count);
        for (Instant start = from; start.isBefore(to); start = start.plus(every)) {
            windows.add(new TimeWindow(start, start.plus(every)));
        }
        return windows;
    }

    private static void requireOnGrid(String name, Instant instant, ExportSchedule schedule) {
        long every = schedule.every().getSeconds();
        long offset = Math.floorMod(Duration.between(schedule.nextWindowStart(), instant).getSeconds(), every);
        if (offset != 0 || instant.getNano() != 0) {
            Instant before = instant.minusSeconds(offset).truncatedTo(ChronoUnit.SECONDS);
            throw new OrchestratorException("--" + name + " " + instant + " is not a window start of the " + schedule.kind()
                    + " schedule of org " + schedule.orgId() + " (every " + schedule.every() + "); nearest window starts: "
                    + before + " and " + before.plusSeconds(every));
        }
    }
}
