package dev.orgexport.schema.run;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.util.Objects;
import java.util.UUID;

/** A run to create in state QUEUED; its id is derived from org, kind and window start. */
public record NewRun(String orgId, ExportKind kind, TimeWindow window) {

    public NewRun {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(window, "window");
    }

    public UUID runId() {
        return RunIds.of(orgId, kind, window.start());
    }
}
