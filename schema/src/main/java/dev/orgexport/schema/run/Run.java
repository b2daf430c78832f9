package dev.orgexport.schema.run;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code export_run} as read. Nullable fields are null until the run reaches the
 * step that sets them.
 */
public record Run(
        UUID runId,
        String orgId,
        ExportKind kind,
        TimeWindow window,
        RunState state,
        int attempt,
        Instant nextAttemptAt,
        String leaseOwner,
        Instant leaseExpiresAt,
        String platformJobId,
        Instant platformJobSubmittedAt,
        RunResult result,
        String lastFailureKind,
        String lastFailureMessage,
        Instant createdAt,
        Instant updatedAt) {

    /** What a SUCCEEDED run wrote: where, how many records, how many bytes, and their SHA-256. */
    public record RunResult(String location, long records, long bytes, String sha256) {
    }
}
