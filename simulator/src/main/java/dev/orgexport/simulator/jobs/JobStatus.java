package dev.orgexport.simulator.jobs;

import java.time.Instant;

/**
 * A job's state at one instant.
 *
 * @param completion   when it reached FULFILLED or a terminal state; null before
 * @param expiration   when its results expire (FULFILLED jobs); null otherwise
 * @param errorMessage why it FAILED; null otherwise
 */
public record JobStatus(JobState state, Instant submitted, Instant completion, Instant expiration, String errorMessage) {
}
