package dev.orgexport.worker.export;

import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.task.ExportTask;
import java.time.Instant;
import java.util.UUID;

/** One attempt of a run: the task, the org as read at intake, the run as claimed, and when it started. */
record RunFacts(ExportTask task, OrgRecord org, Run run, Instant startedAt) {

    UUID runId() {
        return run.runId();
    }

    String orgId() {
        return run.orgId();
    }

    String kind() {
        return run.kind().wireName();
    }
}
