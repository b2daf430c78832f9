package dev.orgexport.schema.org;

import dev.orgexport.schema.OrgexportException;

/** PostgreSQL failed while reading or writing orgs. */
public final class OrgStoreException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    public OrgStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
