package dev.orgexport.orchestrator.outbox;

import dev.orgexport.schema.outbox.OutboxMessage;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import dev.orgexport.schema.run.NewRun;
import dev.orgexport.schema.run.PostgresRunQueueStore;
import dev.orgexport.schema.run.RequeuedRun;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TaskCodec;
import dev.orgexport.schema.task.TimeWindow;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes task records into the outbox inside the caller's transaction, next to the run rows
 * they announce: the scheduler and the backfill create runs, the sweeper re-queues them. A run
 * that already exists is not announced again, so creating a window twice, by whoever, publishes
 * one task. Records are keyed by org id and carry no secret, token or region. Thread-safe.
 */
public final class TaskEnqueuer {

    private final PostgresRunQueueStore runs = new PostgresRunQueueStore();
    private final PostgresOutboxStore outbox;
    private final TaskCodec codec = new TaskCodec();

    public TaskEnqueuer(PostgresOutboxStore outbox) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /**
     * Creates each run in state QUEUED unless it exists, and an outbox row for each one created,
     * in list order.
     *
     * @return the runs this call created (a subset of {@code newRuns}, same order)
     */
    public List<NewRun> createAndEnqueue(Connection connection, List<NewRun> newRuns, Instant now) throws SQLException {
        List<NewRun> created = runs.createAllIfAbsent(connection, newRuns, now);
        List<OutboxMessage> messages = new ArrayList<>(created.size());
        for (NewRun run : created) {
            messages.add(message(run.runId(), run.orgId(), run.kind(), run.window(), 0, now));
        }
        outbox.append(connection, messages, now);
        return created;
    }

    /** Writes an outbox row for each run the sweeper moved back to QUEUED. */
    public void enqueue(Connection connection, List<RequeuedRun> requeued, Instant now) throws SQLException {
        List<OutboxMessage> messages = new ArrayList<>(requeued.size());
        for (RequeuedRun run : requeued) {
            messages.add(message(run.runId(), run.orgId(), run.kind(), run.window(), run.attempt(), now));
        }
        outbox.append(connection, messages, now);
    }

    private OutboxMessage message(UUID runId, String orgId, ExportKind kind, TimeWindow window, int attempt, Instant now) {
        // One trace per run, whatever the attempt: the run id is already a 128-bit identifier,
        // and deriving the trace from it needs no randomness.
        String traceId = runId.toString().replace("-", "");
        ExportTask task = ExportTask.of(runId, orgId, kind, window, attempt, now, traceId);
        return new OutboxMessage(ExportTask.TOPIC, orgId, new String(codec.write(task), StandardCharsets.UTF_8));
    }
}
