package dev.orgexport.worker.export;

import dev.orgexport.schema.OrgexportException;
import dev.orgexport.schema.run.RunFailure;

/**
 * The platform job itself went wrong (FAILED, never finished, expired again and again): the
 * attempt ends and is retried with backoff. Carries the failure to record on the run.
 */
final class JobTroubleException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    private final transient RunFailure failure;

    JobTroubleException(String kind, String message) {
        super(message);
        this.failure = new RunFailure(kind, message);
    }

    RunFailure failure() {
        return failure;
    }
}
