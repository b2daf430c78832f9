package dev.orgexport.orchestrator.backfill;

import dev.orgexport.schema.task.ExportKind;
import java.time.Duration;
import java.time.Instant;

/**
 * What a backfill did: of the {@code windows} in {@code [from, to)}, {@code created} runs were
 * created (each with its task in the outbox) and {@code existing} were there already; with
 * {@code --requeue}, {@code requeued} of the existing ones (QUEUED or RETRY_WAIT) got their task
 * published again.
 */
public record BackfillResult(String orgId, ExportKind kind, Instant from, Instant to, Duration every,
                             int windows, int created, int existing, int requeued) {

    public BackfillResult(String orgId, ExportKind kind, Instant from, Instant to, Duration every, int windows,
                          int created, int existing) {
        this(orgId, kind, from, to, every, windows, created, existing, 0);
    }

    public String render() {
        return "backfill of " + kind + " for org " + orgId + " from " + from + " to " + to + " (every " + every + "): "
                + windows + " windows, " + created + " runs created, " + existing + " already existed"
                + (requeued > 0 ? ", " + requeued + " waiting or queued runs re-queued" : "");
    }
}
