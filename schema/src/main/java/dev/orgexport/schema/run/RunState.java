package dev.orgexport.schema.run;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of an export run and the one table of allowed transitions:
 * {@code QUEUED -> RUNNING -> SUCCEEDED | RETRY_WAIT | FAILED}, {@code RETRY_WAIT -> QUEUED},
 * a RUNNING run whose lease is given back or expired {@code -> QUEUED}, any unfinished
 * run {@code -> CANCELLED} by an operator, and {@code SUCCEEDED -> QUEUED} for an operator's
 * re-export.
 */
public enum RunState {
    QUEUED, RUNNING, SUCCEEDED, RETRY_WAIT, FAILED, CANCELLED;

    /** The states this one may move to. */
    public Set<RunState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, RETRY_WAIT, FAILED, QUEUED, CANCELLED);
            case RETRY_WAIT -> EnumSet.of(QUEUED, CANCELLED);
            // An operator's re-export (backfill --reexport): the window is exported again, as a new
            // version of its file when the data changed (export_run_version, V5).
            case SUCCEEDED -> EnumSet.of(QUEUED);
            case FAILED, CANCELLED -> EnumSet.noneOf(RunState.class);
        };
    }

    /** True when the run has ended: SUCCEEDED (which only an operator's re-export reopens), FAILED, CANCELLED. */
    public boolean isFinal() {
        return this == SUCCEEDED || next().isEmpty();
    }

    /** @throws IllegalStateException when the table does not allow {@code this -> target} */
    public void checkTransition(RunState target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("run state " + this + " cannot move to " + target + "; allowed: " + next());
        }
    }

    /** Every state that may move to {@code target}, for the guard of an SQL update. */
    public static Set<RunState> sourcesOf(RunState target) {
        Set<RunState> sources = EnumSet.noneOf(RunState.class);
        for (RunState state : values()) {
            if (state.next().contains(target)) {
                sources.add(state);
            }
        }
        return sources;
    }
}
