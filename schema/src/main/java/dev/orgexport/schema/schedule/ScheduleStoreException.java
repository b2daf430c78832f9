package dev.orgexport.schema.schedule;

import dev.orgexport.schema.OrgexportException;

/** PostgreSQL failed while reading or writing export schedules. */
public final class ScheduleStoreException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    public ScheduleStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
