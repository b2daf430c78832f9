package dev.orgexport.platform.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One status poll of an export job or audit query.
 *
 * @param state          the normalized state
 * @param rawState       the state as the platform wrote it, or null
 * @param errorMessage   the platform's error message of a failed job, or null
 * @param submissionDate when the job was submitted, or null
 * @param completionDate when it finished, or null
 * @param expirationDate when its results expire, or null
 */
public record JobStatus(JobState state, String rawState, String errorMessage, Instant submissionDate,
                        Instant completionDate, Instant expirationDate) {

    public JobStatus {
        Objects.requireNonNull(state, "state");
    }
}
