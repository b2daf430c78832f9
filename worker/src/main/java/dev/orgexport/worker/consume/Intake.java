package dev.orgexport.worker.consume;

import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.task.ExportTask;

/**
 * What {@link TaskIntake} made of one record: a usable task with its org, or a rejection (with
 * the task when it could be read, for the audit row).
 */
record Intake(ExportTask task, OrgRecord org, RejectReason reason, String message) {

    static Intake accepted(ExportTask task, OrgRecord org) {
        return new Intake(task, org, null, null);
    }

    static Intake rejected(RejectReason reason, String message, ExportTask taskOrNull) {
        return new Intake(taskOrNull, null, reason, message);
    }

    boolean isRejected() {
        return reason != null;
    }
}
