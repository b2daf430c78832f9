package dev.orgexport.simulator.jobs;

/**
 * An export job's state, as the analytics job APIs spell it. Audit queries show the same states
 * under their own names ({@link #auditName()}). QUEUED, PENDING and FULFILLED follow from time;
 * FAILED, CANCELLED and EXPIRED are terminal.
 */
public enum JobState {
    QUEUED("Queued"),
    PENDING("Running"),
    FULFILLED("Succeeded"),
    FAILED("Failed"),
    CANCELLED("Cancelled"),
    /** Results are gone; audit queries have no such state and show Failed. */
    EXPIRED("Failed");

    private final String auditName;

    JobState(String auditName) {
        this.auditName = auditName;
    }

    public String auditName() {
        return auditName;
    }

    public boolean terminal() {
        return this == FAILED || this == CANCELLED || this == EXPIRED;
    }
}
