package dev.orgexport.worker.consume;

import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.run.RunIds;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.InvalidTaskException;
import dev.orgexport.schema.task.TaskCodec;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a task record can be used: readable, of a known schema, consistent (the run
 * id is the one derived from org, kind and window start), with a sane window and an enabled org.
 * Whatever the bytes, the answer is an {@link Intake}; only a failing database throws,
 * because then the record must be tried again rather than rejected. Thread-safe.
 */
final class TaskIntake {

    /** The org id rule of the {@code org} table's CHECK constraint. */
    private static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

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
        if (!ORG_ID.matcher(task.orgId()).matches()) {
            // The org table allows only these ids; checking here keeps bytes PostgreSQL cannot
            // store (NUL) away from the lookup.
            return Intake.rejected(RejectReason.INVALID_FIELD, "orgId is not an org id (1 to 100 of [A-Za-z0-9._-] "
                    + "starting with a letter or digit)", task);
        }
        if (task.traceId().length() > 200 || task.traceId().chars().anyMatch(Character::isISOControl)) {
            return Intake.rejected(RejectReason.INVALID_FIELD, "traceId must be at most 200 characters without control "
                    + "characters", task);
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
