package dev.orgexport.worker.sink;

/**
 * The target file exists and the writer may not replace it: the run has moved on without this
 * writer (its lease was lost). The temporary file is removed; nothing is retried.
 */
public final class SinkConflictException extends SinkException {
    private static final long serialVersionUID = 1L;

    SinkConflictException(String message) {
        super(message, null);
    }
}
