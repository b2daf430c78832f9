package dev.orgexport.schema.run;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.util.UUID;

/**
 * A run the sweeper moved back to QUEUED, with what its task record needs. {@code attempt} is the
 * number of attempts made so far (the worker counts one per claim); {@code from} is the state it
 * left.
 */
public record RequeuedRun(UUID runId, String orgId, ExportKind kind, TimeWindow window, int attempt, RunState from) {
}
