package dev.orgexport.worker.consume;

import dev.orgexport.schema.task.InvalidTaskException;

/**
 * Why a task record went to the dead-letter topic. The name is the value of the
 * {@value DeadLetters#REASON_HEADER} header and the failure kind of the {@code RejectTask} audit row.
 */
public enum RejectReason {
    /** The value is empty or not a JSON object. */
    NOT_JSON,
    /** The {@code schema} field names a version this worker does not read. */
    UNKNOWN_SCHEMA,
    /** A required field is missing. */
    MISSING_FIELD,
    /** A field has a value of the wrong type or out of range. */
    INVALID_FIELD,
    /** The run id is not the one derived from org, kind and window start. */
    RUN_ID_MISMATCH,
    /** The window is longer than {@code worker.max-window}. */
    WINDOW_TOO_LONG,
    /** No org has this id. */
    UNKNOWN_ORG,
    /** The org is disabled (removed from orgs.yaml). */
    ORG_DISABLED,
    /** The run id is not in {@code export_run}: nobody scheduled this task. */
    UNKNOWN_RUN,
    /** PostgreSQL refused the record's data (SQL state class 22 or 23): trying again cannot help. */
    DATA_ERROR,
    /** Handing the record over failed {@code worker.consumer.max-handover-attempts} times in a row. */
    HANDOVER_FAILED;

    static RejectReason of(InvalidTaskException.Reason reason) {
        return switch (reason) {
            case NOT_JSON -> NOT_JSON;
            case UNKNOWN_SCHEMA -> UNKNOWN_SCHEMA;
            case MISSING_FIELD -> MISSING_FIELD;
            case INVALID_FIELD -> INVALID_FIELD;
        };
    }
}
