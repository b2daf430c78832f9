package dev.orgexport.worker.consume;

import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.run.RunIds;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.InvalidTaskException;
import dev.orgexport.schema.task.TaskCodec;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a task record can be used: readable, of a known schema, consistent (the run
 * id is the one derived from org, kind and window start), with a sane window and an enabled org.
 * Whatever the bytes, the answer is an {@link Intake}; only an unreachable database throws,
 * because then the record must be tried again rather than rejected. Thread-safe.
 */
final class TaskIntake {

    private final TaskCodec codec = new TaskCodec();
    private final PostgresOrgStore orgs;
    private final Duration maxWindow;

    TaskIntake(PostgresOrgStore orgs, Duration maxWindow) {
        this.orgs = orgs;
        this.maxWindow = maxWindow;
    }

    Intake examine(byte[] value) {
        ExportTask task;
        try {
            task = codec.read(value);
        } catch (InvalidTaskException e) {
            return Intake.rejected(RejectReason.of(e.reason()), e.getMessage(), null);
        }
        if (!RunIds.of(task.orgId(), task.kind(), task.window().start()).equals(task.runId())) {
            return Intake.rejected(RejectReason.RUN_ID_MISMATCH, "runId " + task.runId()
                    + " is not the id of org " + task.orgId() + ", kind " + task.kind() + ", window start "
                    + task.window().start(), task);
        }
        if (task.window().length().compareTo(maxWindow) > 0) {
            return Intake.rejected(RejectReason.WINDOW_TOO_LONG, "window " + task.window().toInterval() + " is "
                    + task.window().length() + " long, longer than worker.max-window " + maxWindow, task);
        }
        Optional<OrgRecord> org = orgs.find(task.orgId());
        if (org.isEmpty()) {
            return Intake.rejected(RejectReason.UNKNOWN_ORG, "org '" + task.orgId() + "' is not configured", task);
        }
        if (!org.get().enabled()) {
            return Intake.rejected(RejectReason.ORG_DISABLED, "org '" + task.orgId() + "' is disabled", task);
        }
        return Intake.accepted(task, org.get());
    }
}
