package dev.orgexport.orchestrator.sweep;

import dev.orgexport.orchestrator.loop.RepeatingStep;
import dev.orgexport.orchestrator.outbox.TaskEnqueuer;
import dev.orgexport.orchestrator.tx.Transactions;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import dev.orgexport.schema.run.PostgresRunQueueStore;
import dev.orgexport.schema.run.RequeuedRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives stuck work back to the workers. Each round, in this order: clears quarantines that have
 * expired (so their orgs' runs count in the same round), moves RETRY_WAIT runs whose time has come
 * and RUNNING runs whose lease expired back to QUEUED, and publishes again the task of QUEUED runs
 * no worker claimed for {@code orchestrator.sweeper.stranded-after}, each with a new task record
 * in the outbox (same transaction), and deletes published outbox rows older than the retention. Runs of
 * disabled, paused or quarantined orgs are left waiting.
 *
 * <p>Safe with several instances: runs are taken with {@code FOR UPDATE SKIP LOCKED} and every
 * update names the state it expects, so a run is re-queued once. Not meant to run concurrently
 * within one instance.
 */
public final class Sweeper {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final SweeperConfig config;
    private final PostgresRunQueueStore sweeps = new PostgresRunQueueStore();
    private final PostgresOutboxStore outbox;
    private final TaskEnqueuer enqueuer;
    private final ExpiredQuarantines quarantines;
    private final Counter requeued;
    private volatile SweepReport lastReport;

    public Sweeper(DataSource dataSource, Clock clock, SweeperConfig config, MeterRegistry meters) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.outbox = new PostgresOutboxStore(dataSource);
        this.enqueuer = new TaskEnqueuer(outbox);
        this.quarantines = new ExpiredQuarantines(new PostgresAuditStore(dataSource));
        this.requeued = meters.counter("orgexport.sweeper.runs.requeued");
    }

    /** One round as a step of the sweeper's loop: again at once when a batch was full. */
    public RepeatingStep.Next step() {
        SweepReport report = sweepOnce();
        boolean full = report.retriesRequeued() == config.batchSize()
                || report.expiredLeasesRequeued() == config.batchSize()
                || report.strandedRepublished() == config.batchSize()
                || report.quarantinesCleared().size() == config.batchSize()
                || report.outboxRowsDeleted() == config.batchSize();
        return full ? RepeatingStep.Next.now() : RepeatingStep.Next.after(config.interval());
    }

    /** Runs one round; returns what it did. */
    public SweepReport sweepOnce() {
        Instant now = clock.instant();
        List<String> cleared = Transactions.inTransaction(dataSource, "clear expired quarantines",
                c -> quarantines.clear(c, now, config.batchSize()));
        for (String orgId : cleared) {
            log.info("org {}: quarantine expired, cleared", orgId);
        }
        int retries = requeue(PostgresRunQueueStore.Due.RETRY_DUE, now);
        int expired = requeue(PostgresRunQueueStore.Due.LEASE_EXPIRED, now);
        int stranded = requeue(PostgresRunQueueStore.Due.STRANDED, now);
        int deleted = Transactions.inTransaction(dataSource, "delete published outbox rows",
                c -> outbox.deletePublishedBefore(c, now.minus(config.outboxRetention()), config.batchSize()));
        SweepReport report = new SweepReport(retries, expired, stranded, cleared, deleted);
        lastReport = report;
        return report;
    }

    /** The report of the last round, or null before the first. */
    public SweepReport lastReport() {
        return lastReport;
    }

    private int requeue(PostgresRunQueueStore.Due due, Instant now) {
        List<RequeuedRun> runs = Transactions.inTransaction(dataSource, "re-queue runs (" + due + ")", c -> {
            Instant dueAt = due == PostgresRunQueueStore.Due.STRANDED ? now.minus(config.strandedAfter()) : now;
            List<RequeuedRun> moved = sweeps.requeue(c, due, dueAt, now, config.batchSize());
            enqueuer.enqueue(c, moved, now);
            return moved;
        });
        for (RequeuedRun run : runs) {
            log.info("org {} run {}: {} -> QUEUED ({}), attempt {} so far, task re-published",
                    run.orgId(), run.runId(), run.from(), switch (due) {
                        case RETRY_DUE -> "retry due";
                        case LEASE_EXPIRED -> "lease expired";
                        case STRANDED -> "not claimed for " + config.strandedAfter() + ": its task may be lost";
                    }, run.attempt());
        }
        requeued.increment(runs.size());
        return runs.size();
    }
}
