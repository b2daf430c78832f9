package dev.orgexport.simulator.jobs;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.SimulatorConfig.JobTimings;
import dev.orgexport.simulator.data.RecordQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Submitted jobs and their lifecycle: QUEUED for {@code queued}, PENDING for {@code pending},
 * then FULFILLED, with results readable for {@code resultsTtl}; then EXPIRED, and purged (404)
 * after as long again. Jobs are looked up by (org, id) so one org never sees another's jobs.
 * Thread-safe; state is derived from the injected clock at each read, so a test clock moves jobs
 * without waiting.
 */
public final class JobStore {

    private final ConcurrentMap<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<FailRule> failRules = new ArrayList<>();
    private final Clock clock;
    private final JobTimings timings;

    private static final class FailRule {
        final String orgId;
        final ExportKind kind;
        final String message;
        int remaining;

        FailRule(String orgId, ExportKind kind, int remaining, String message) {
            this.orgId = orgId;
            this.kind = kind;
            this.remaining = remaining;
            this.message = message;
        }
    }

    public JobStore(Clock clock, JobTimings timings) {
        this.clock = clock;
        this.timings = timings;
    }

    public Job submit(RecordQuery query) {
        Job job = new Job(UUID.randomUUID().toString(), query, clock.instant(), takePlannedFailure(query));
        jobs.put(job.id(), job);
        return job;
    }

    private String takePlannedFailure(RecordQuery query) {
        synchronized (failRules) {
            for (FailRule rule : failRules) {
                if (rule.remaining > 0 && (rule.orgId == null || rule.orgId.equals(query.orgId()))
                        && (rule.kind == null || rule.kind == query.kind())) {
                    rule.remaining--;
                    return rule.message;
                }
            }
            failRules.removeIf(rule -> rule.remaining <= 0);
            return null;
        }
    }

    /** The next {@code count} jobs of the org (null: any) and kind (null: any) fail after QUEUED. */
    public void failNext(String orgId, ExportKind kind, int count, String message) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, but was " + count);
        }
        synchronized (failRules) {
            failRules.add(new FailRule(orgId, kind, count, message == null ? "Internal server error" : message));
        }
    }

    /** The org's job of that kind, if it exists and was not purged. */
    public Optional<Job> find(String orgId, ExportKind kind, String jobId) {
        Job job = jobId == null ? null : jobs.get(jobId);
        if (job == null || !job.query().orgId().equals(orgId) || job.query().kind() != kind || purgeable(job, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(job);
    }

    public JobStatus status(Job job) {
        return status(job, clock.instant());
    }

    JobStatus status(Job job, Instant now) {
        Instant submitted = job.submitted();
        Job.Override override = job.override();
        if (override != null && !now.isBefore(override.at())) {
            return new JobStatus(override.state(), submitted, override.at(), null, override.message());
        }
        Instant leavesQueue = submitted.plus(timings.queued());
        if (now.isBefore(leavesQueue)) {
            return new JobStatus(JobState.QUEUED, submitted, null, null, null);
        }
        if (job.plannedFailure() != null) {
            return new JobStatus(JobState.FAILED, submitted, leavesQueue, null, job.plannedFailure());
        }
        Instant fulfilled = leavesQueue.plus(pendingOf(job));
        if (now.isBefore(fulfilled)) {
            return new JobStatus(JobState.PENDING, submitted, null, null, null);
        }
        Instant expires = fulfilled.plus(timings.resultsTtl());
        if (now.isBefore(expires)) {
            return new JobStatus(JobState.FULFILLED, submitted, fulfilled, expires, null);
        }
        return new JobStatus(JobState.EXPIRED, submitted, fulfilled, expires, null);
    }

    /**
     * This job's time in PENDING: drawn from [pending, pendingMax], seeded by the job id, so it is
     * the same at every read.
     */
    private Duration pendingOf(Job job) {
        long min = timings.pending().toMillis();
        long spread = timings.pendingMax().toMillis() - min;
        if (spread <= 0) {
            return timings.pending();
        }
        long draw = Math.floorMod(job.id().hashCode() * 0x9E3779B97F4A7C15L, spread + 1);
        return Duration.ofMillis(min + draw);
    }

    /**
     * {@code DELETE .../jobs/{id}}: the platform's "delete/cancel an async details job". A job
     * still queued or running becomes CANCELLED; a finished one is deleted (later reads 404).
     */
    public void cancel(Job job) {
        JobStatus now = status(job);
        if (now.state() == JobState.QUEUED || now.state() == JobState.PENDING) {
            job.terminate(JobState.CANCELLED, clock.instant(), null);
        } else {
            jobs.remove(job.id());
        }
    }

    /**
     * Fails a job at once (admin).
     *
     * @throws NoSuchElementException when no such job exists
     */
    public void fail(String jobId, String message) {
        require(jobId).terminate(JobState.FAILED, clock.instant(), message == null ? "Internal server error" : message);
    }

    /** Expires a job's results at once (admin). */
    public void expire(String jobId) {
        require(jobId).terminate(JobState.EXPIRED, clock.instant(), null);
    }

    private Job require(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new NoSuchElementException("job '" + jobId + "' does not exist");
        }
        return job;
    }

    /** Forgets jobs whose results expired more than one TTL ago; returns how many. */
    public int purge() {
        Instant now = clock.instant();
        int before = jobs.size();
        jobs.values().removeIf(job -> purgeable(job, now));
        return before - jobs.size();
    }

    private boolean purgeable(Job job, Instant now) {
        JobStatus status = status(job, now);
        if (!status.state().terminal() || status.completion() == null) {
            return false;
        }
        Instant end = status.state() == JobState.EXPIRED && status.expiration() != null ? status.expiration() : status.completion();
        return !now.isBefore(end.plus(timings.resultsTtl()));
    }

    public int size() {
        return jobs.size();
    }
}
