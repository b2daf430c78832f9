package dev.orgexport.worker.sink;

/**
 * The target (file or object) exists with other content and the writer may not replace it: the run has moved on without this
 * writer (its lease was lost). The temporary file or multipart upload is dropped; nothing is retried.
 */
public final class SinkConflictException extends SinkException {
    private static final long serialVersionUID = 1L;

    public SinkConflictException(String message) {
        super(message, null);
    }
}
