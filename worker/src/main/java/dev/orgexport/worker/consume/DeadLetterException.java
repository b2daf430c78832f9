package dev.orgexport.worker.consume;

import dev.orgexport.schema.OrgexportException;

/** A dead letter could not be recorded or sent for now; the record is tried again. */
final class DeadLetterException extends OrgexportException {
    DeadLetterException(String message, Throwable cause) {
        super(message, cause);
    }
}
