package dev.orgexport.worker.sink;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.util.Objects;
import java.util.UUID;

/**
 * The window a writer writes, and who writes it: the run and attempt go into the S3 manifest, the
 * writer tag (a worker id) into temporary names an operator may find after a crash.
 */
public record WindowTarget(UUID runId, int attempt, String orgId, ExportKind kind, TimeWindow window, String writerTag) {

    public WindowTarget {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(writerTag, "writerTag");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, but was " + attempt);
        }
    }

    /** {@code <org>/<kind>/<windowStart>_<windowEnd>}, the layout every sink shares (see {@link WindowNames}). */
    public String stem() {
        return WindowNames.stem(orgId, kind, window);
    }
}
