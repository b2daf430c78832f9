package dev.orgexport.platform.api;

import java.util.Locale;

/**
 * The state of an export job or audit query, normalized across the two APIs:
 * <pre>
 * analytics jobs   audit queries   JobState
 * QUEUED           Queued          QUEUED
 * PENDING          Running         RUNNING
 * FULFILLED        Succeeded       SUCCEEDED
 * FAILED           Failed          FAILED
 * CANCELLED        Cancelled       CANCELLED
 * EXPIRED          -               EXPIRED
 * anything else                    UNKNOWN (keep polling; the raw state is kept)
 * </pre>
 */
public enum JobState {
    QUEUED(false), RUNNING(false), SUCCEEDED(true), FAILED(true), CANCELLED(true), EXPIRED(true), UNKNOWN(false);

    private final boolean terminal;

    JobState(boolean terminal) {
        this.terminal = terminal;
    }

    /** True when the state can no longer change. */
    public boolean terminal() {
        return terminal;
    }

    /** Maps a raw state of either API; never fails. */
    public static JobState fromRaw(String raw) {
        if (raw == null) {
            return UNKNOWN;
        }
        return switch (raw.strip().toUpperCase(Locale.ROOT)) {
            case "QUEUED" -> QUEUED;
            case "PENDING", "RUNNING" -> RUNNING;
            case "FULFILLED", "SUCCEEDED" -> SUCCEEDED;
            case "FAILED" -> FAILED;
            case "CANCELLED", "CANCELED" -> CANCELLED;
            case "EXPIRED" -> EXPIRED;
            default -> UNKNOWN;
        };
    }
}
