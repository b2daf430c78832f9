package dev.orgexport.worker.sink;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.util.Objects;
import java.util.UUID;

/**
 * The window a writer writes, and who writes it: the run and attempt go into the S3 manifest, the
 * writer tag (a worker id) into temporary names an operator may find after a crash.
 */
public record WindowTarget(UUID runId, int attempt, String orgId, ExportKind kind, TimeWindow window, String writerTag,
                           int version) {

    /** Version 1: the window's first export. */
    public WindowTarget(UUID runId, int attempt, String orgId, ExportKind kind, TimeWindow window, String writerTag) {
        this(runId, attempt, orgId, kind, window, writerTag, 1);
    }

    public WindowTarget {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, but was " + version);
        }
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(writerTag, "writerTag");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, but was " + attempt);
        }
    }

    /**
     * {@code <org>/<kind>/<windowStart>_<windowEnd>}, the layout every sink shares (see
     * {@link WindowNames}), with {@code .v<N>} appended from version 2 on: a re-export never
     * replaces an earlier version (worker README, "Re-export versions").
     */
    public String stem() {
        String stem = WindowNames.stem(orgId, kind, window);
        return version == 1 ? stem : stem + ".v" + version;
    }
}
