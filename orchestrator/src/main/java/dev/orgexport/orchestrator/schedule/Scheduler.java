package dev.orgexport.orchestrator.schedule;

import dev.orgexport.orchestrator.outbox.TaskEnqueuer;
import dev.orgexport.orchestrator.tx.Transactions;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import dev.orgexport.schema.run.NewRun;
import dev.orgexport.schema.schedule.ExportSchedule;
import dev.orgexport.schema.schedule.PostgresScheduleStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns due schedules into runs. Each {@link #tick()} takes the due schedules of enabled,
 * unpaused orgs in batches ({@code FOR UPDATE SKIP LOCKED}, see {@link PostgresScheduleStore#lockDue}),
 * and for each one, in one transaction per batch: creates the runs of its due windows oldest
 * first (each with its outbox row), records windows beyond the catch-up as skipped (an audit row
 * and a WARN line), and advances the schedule.
 *
 * <p>Safe with several instances on one database: a schedule is handled by one transaction at a
 * time, and the run id, derived from (org, kind, window start), makes a second creation of the
 * same window a no-op that publishes nothing. Thread-safe, but one tick at a time per instance is
 * the intended use.
 */
public final class Scheduler {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final SchedulerConfig config;
    private final PostgresScheduleStore schedules;
    private final PostgresAuditStore audit;
    private final TaskEnqueuer enqueuer;
    private final Counter runsCreated;
    private final Counter windowsSkipped;
    private final Timer tickTimer;

    public Scheduler(DataSource dataSource, Clock clock, SchedulerConfig config, MeterRegistry meters) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.schedules = new PostgresScheduleStore(dataSource);
        this.audit = new PostgresAuditStore(dataSource);
        this.enqueuer = new TaskEnqueuer(new PostgresOutboxStore(dataSource));
        this.runsCreated = meters.counter("orgexport.scheduler.runs.created");
        this.windowsSkipped = meters.counter("orgexport.scheduler.windows.skipped");
        this.tickTimer = meters.timer("orgexport.scheduler.tick");
    }

    /** Creates the runs of every schedule due now; returns what was done. */
    public TickReport tick() {
        long begin = System.nanoTime();
        Instant now = clock.instant();
        TickReport total = new TickReport(now, 0, 0, 0, List.of());
        TickReport batch;
        do {
            batch = Transactions.inTransaction(dataSource, "schedule due windows", c -> batch(c, now));
            total = total.plus(batch);
        } while (batch.schedulesDue() == config.batchSize());
        tickTimer.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
        runsCreated.increment(total.runsCreated());
        windowsSkipped.increment(total.windowsSkipped());
        if (total.runsCreated() > 0 || total.runsExisting() > 0) {
            log.info("scheduler tick at {}: {} schedules due, {} runs created, {} already existed, {} windows skipped",
                    now, total.schedulesDue(), total.runsCreated(), total.runsExisting(), total.windowsSkipped());
        }
        return total;
    }

    private TickReport batch(Connection connection, Instant now) throws SQLException {
        List<ExportSchedule> due = schedules.lockDue(connection, now, config.batchSize());
        List<NewRun> runs = new ArrayList<>();
        List<PostgresScheduleStore.Advance> advances = new ArrayList<>(due.size());
        List<TickReport.SkippedWindows> skipped = new ArrayList<>();
        for (ExportSchedule schedule : due) {
            WindowPlan plan = WindowPlan.of(schedule, now);
            plan.windows().forEach(window -> runs.add(new NewRun(schedule.orgId(), schedule.kind(), window)));
            if (plan.skipped() != null) {
                TickReport.SkippedWindows skip = new TickReport.SkippedWindows(schedule.orgId(), schedule.kind(),
                        plan.skipped(), plan.skippedCount());
                skipped.add(skip);
                audit.append(connection, skippedEvent(skip, schedule, now));
            }
            advances.add(new PostgresScheduleStore.Advance(schedule.orgId(), schedule.kind(),
                    schedule.nextWindowStart(), plan.nextWindowStart()));
        }
        int created = enqueuer.createAndEnqueue(connection, runs, now).size();
        schedules.advance(connection, advances, now);
        for (TickReport.SkippedWindows skip : skipped) {
            log.warn("org {} kind {}: skipped {} windows {} beyond the catch-up; run a backfill to export them",
                    skip.orgId(), skip.kind(), skip.count(), skip.span().toInterval());
        }
        return new TickReport(now, due.size(), created, runs.size() - created, skipped);
    }

    private static AuditEvent skippedEvent(TickReport.SkippedWindows skip, ExportSchedule schedule, Instant now) {
        String name = "orgexport-skip|" + skip.orgId() + "|" + skip.kind().wireName() + "|" + skip.span().start();
        String message = "skipped " + skip.count() + " " + skip.kind() + " windows " + skip.span().toInterval()
                + ": older than the catch-up of " + schedule.catchUp() + " before the newest due window; "
                + "run orgexport backfill to export them";
        return new AuditEvent(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), now, skip.orgId(),
                "orgexport", "SYSTEM", "SkipWindows", "ExportSchedule", skip.orgId() + "/" + skip.kind().wireName(),
                skip.kind().wireName(), "WARNING", "WINDOWS_SKIPPED", message, null);
    }
}
