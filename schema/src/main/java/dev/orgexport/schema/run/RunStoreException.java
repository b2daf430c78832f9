package dev.orgexport.schema.run;

import dev.orgexport.schema.OrgexportException;

/** A run could not be read or written: PostgreSQL failed, not a lost race. */
public final class RunStoreException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    public RunStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
