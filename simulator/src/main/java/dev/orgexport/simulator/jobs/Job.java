package dev.orgexport.simulator.jobs;

import dev.orgexport.simulator.data.RecordQuery;
import java.time.Instant;

/**
 * One submitted export job or audit query. Its normal course is computed from the submission
 * time and the timings when it is read (no timer per job); a terminal override (failed, cancelled,
 * expired on demand) is set once and wins from its instant on.
 */
public final class Job {

    private final String id;
    private final RecordQuery query;
    private final Instant submitted;
    private final String plannedFailure;
    private volatile Override override;

    record Override(JobState state, Instant at, String message) {
    }

    Job(String id, RecordQuery query, Instant submitted, String plannedFailure) {
        this.id = id;
        this.query = query;
        this.submitted = submitted;
        this.plannedFailure = plannedFailure;
    }

    public String id() {
        return id;
    }

    public RecordQuery query() {
        return query;
    }

    public Instant submitted() {
        return submitted;
    }

    /** A failure decided at submission (a fail-next rule); it shows when the job leaves QUEUED. */
    String plannedFailure() {
        return plannedFailure;
    }

    Override override() {
        return override;
    }

    /** Sets the terminal override unless one is set already; returns whether it was set. */
    synchronized boolean terminate(JobState state, Instant at, String message) {
        if (override != null) {
            return false;
        }
        override = new Override(state, at, message);
        return true;
    }
}
