package dev.orgexport.schema.quarantine;

import dev.orgexport.schema.OrgexportException;

/** PostgreSQL failed while reading or writing {@code org_quarantine}. */
public final class QuarantineStoreException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    QuarantineStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
