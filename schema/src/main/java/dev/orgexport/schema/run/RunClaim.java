package dev.orgexport.schema.run;

import java.util.Objects;

/**
 * The answer to "may this worker run this run now?". Only {@link Outcome#CLAIMED} grants the
 * run; every other outcome is normal under at-least-once delivery and means "skip the task".
 *
 * @param outcome       what happened
 * @param run           the run as claimed, or as found when refused; null when not found
 * @param previousOwner the worker whose expired lease was taken over, or null
 */
public record RunClaim(Outcome outcome, Run run, String previousOwner) {

    /** Why a claim was granted or refused. */
    public enum Outcome {
        /** The run is now RUNNING under this worker's lease. */
        CLAIMED,
        /** No run has this id. */
        NOT_FOUND,
        /** SUCCEEDED, FAILED or CANCELLED: a redelivered task, nothing to do. */
        FINISHED,
        /** RUNNING under a live lease (another worker's, or this worker's own). */
        LEASED,
        /** RETRY_WAIT: the sweeper re-queues it when due; this delivery is stale. */
        WAITING
    }

    public RunClaim {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.CLAIMED) {
            Objects.requireNonNull(run, "a claimed run");
        }
    }

    public boolean claimed() {
        return outcome == Outcome.CLAIMED;
    }

    static RunClaim refusedFor(Run found) {
        if (found == null) {
            return new RunClaim(Outcome.NOT_FOUND, null, null);
        }
        Outcome outcome = switch (found.state()) {
            case SUCCEEDED, FAILED, CANCELLED -> Outcome.FINISHED;
            case RETRY_WAIT -> Outcome.WAITING;
            // QUEUED can only be seen here if the row changed between the update and this read.
            case RUNNING, QUEUED -> Outcome.LEASED;
        };
        return new RunClaim(outcome, found, null);
    }
}
