package dev.orgexport.schema.task;

import java.util.Objects;
import java.util.UUID;

/**
 * The checks every record about a run makes in its compact constructor (tasks on
 * {@code orgexport.tasks}, outcomes on {@code orgexport.events}), with one wording for all.
 */
public final class RecordChecks {

    private RecordChecks() {
    }

    /** @throws IllegalArgumentException unless {@code actual} is the record's own schema */
    public static void requireSchema(String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("schema must be " + expected + ", but was " + actual);
        }
    }

    /** @throws NullPointerException naming the first of run id, org, kind and window that is missing */
    public static void requireRun(UUID runId, String orgId, ExportKind kind, TimeWindow window) {
        Objects.requireNonNull(runId, "runId is required");
        Objects.requireNonNull(orgId, "orgId is required");
        Objects.requireNonNull(kind, "kind is required");
        Objects.requireNonNull(window, "window is required");
    }
}
