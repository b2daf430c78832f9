package dev.orgexport.schema.outbox;

import dev.orgexport.schema.OrgexportException;

/** PostgreSQL failed while reading or writing the outbox. */
public final class OutboxStoreException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    public OutboxStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
