package dev.orgexport.schema.db;

import dev.orgexport.schema.OrgexportException;

/** PostgreSQL could not be reached or migrated. The message names the URL, never the password. */
public final class DatabaseUnavailableException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
