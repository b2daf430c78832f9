package dev.orgexport.worker.sink;

import dev.orgexport.schema.OrgexportException;

/**
 * The sink could not write, sync or move a file (disk full, permissions, a vanished directory):
 * the attempt is retried later. The message names the path.
 */
public class SinkException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
