package dev.orgexport.schema.task;

import dev.orgexport.schema.OrgexportException;

/** A task record that cannot be used; {@link #reason()} says why, for the dead-letter headers. */
public final class InvalidTaskException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    /** Why a record was rejected; the names appear in dead-letter headers and audit rows. */
    public enum Reason { NOT_JSON, UNKNOWN_SCHEMA, MISSING_FIELD, INVALID_FIELD }

    private final Reason reason;

    public InvalidTaskException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
