package dev.orgexport.console.action;

import java.util.Arrays;
import java.util.Optional;

/** The console's actions on an org, with what their confirmation page says they do. */
public enum ActionKind {
    DIAGNOSE("diagnose", "Diagnose", "Tries the org's credentials at its configured region, checks that the token "
            + "belongs to the org and that the client holds each export kind's permission. With region probing, "
            + "rejected credentials are also tried at every other region's login host (each probe sends the org's "
            + "secret to that region's login host)."),
    PAUSE("pause", "Pause", "No new window is scheduled for the org and none of its waiting runs is queued again "
            + "until it is resumed. Runs already running finish."),
    RESUME("resume", "Resume", "The org is scheduled again; it catches up within each schedule's catch-up limit."),
    RELEASE("release", "Release", "Ends the org's quarantine, so every worker tries it again, and makes its waiting "
            + "runs due now. Release after fixing the cause, or the org fails and is quarantined again."),
    BACKFILL("backfill", "Backfill", "Creates the runs of the org's past windows of one export kind in a time range. "
            + "Windows that already have a run are left as they are, so a backfill twice creates nothing new.");

    private final String path;
    private final String label;
    private final String explanation;

    ActionKind(String path, String label, String explanation) {
        this.path = path;
        this.label = label;
        this.explanation = explanation;
    }

    public String path() {
        return path;
    }

    public String label() {
        return label;
    }

    public String explanation() {
        return explanation;
    }

    public static Optional<ActionKind> fromPath(String path) {
        return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst();
    }
}
