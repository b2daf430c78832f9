package dev.orgexport.worker.export;

import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.task.ExportTask;

/**
 * Where the consumer loop hands claimed runs: a bounded set of export slots. The loop asks
 * {@link #hasRoom()} before it claims, so {@link #launch} always has a slot; it never blocks.
 */
public interface RunLauncher {

    /** True when a run can be launched now. */
    boolean hasRoom();

    /**
     * Starts exporting a run this worker just claimed. Never blocks and never throws for a
     * launch the loop made after {@link #hasRoom()} said yes.
     */
    void launch(ExportTask task, OrgRecord org, Run claimed);

    /** Registers the action run (on an export thread) each time a slot frees. */
    void onRoomFreed(Runnable action);
}
