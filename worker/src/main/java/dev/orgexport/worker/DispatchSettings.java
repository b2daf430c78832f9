package dev.orgexport.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * How a worker spreads its claimed runs over time and over orgs (see the module README, "How it
 * works"). A run waiting for a rate-limit permit or for its platform job holds no thread, only a
 * place among {@code worker.concurrency} runs in flight; the export threads run the steps between
 * those waits (JDBC, file writes, JSON).
 *
 * @param exportThreads   {@code worker.export-threads}, 1 to 256, default 8: threads that run the
 *                        steps of all runs in flight; each step may use a database connection, so
 *                        keep it below {@code database.pool-size}
 * @param orgConcurrency  {@code worker.org-concurrency}, 0 to 1024, default 0: runs of one org in
 *                        flight at once; 0 derives it per org from the org's API budget and its runs'
 *                        observed calls and waits (between 1 and {@link #DERIVED_ORG_MAX})
 * @param backlog         {@code worker.backlog}, 1 to 100,000, default 1,000: claimed runs waiting for
 *                        a place in flight; when full the consumer pauses its partitions. Deep enough
 *                        to reach past one org's backlog to the other orgs of the same partitions
 * @param attemptDeadline {@code worker.attempt-deadline}, 1 s to 2 days, default 3 h: an attempt still
 *                        unfinished this long after it started ends (the run waits for a retry, the
 *                        lease is released), even when a platform call never answers
 * @param callPatience    {@code worker.call-patience}, 1 s to 1 day, default 10 min: how long one
 *                        platform call (its retries, Retry-After and rate-limit waits included) may
 *                        stay open while the heartbeat still extends its run's lease. Longer, the run
 *                        counts as stuck: its lease runs out and another worker may take it over. The
 *                        default is above the longest call the platform defaults allow (5 attempts of
 *                        at most 30 s, with waits of at most 1 min between them)
 */
public record DispatchSettings(int exportThreads, int orgConcurrency, int backlog, Duration attemptDeadline,
                               Duration callPatience) {

    public static final int DEFAULT_EXPORT_THREADS = 8;
    public static final int DEFAULT_BACKLOG = 1_000;
    public static final Duration DEFAULT_ATTEMPT_DEADLINE = Duration.ofHours(3);
    public static final Duration DEFAULT_CALL_PATIENCE = Duration.ofMinutes(10);
    /** The largest per-org bound the derivation gives. */
    public static final int DERIVED_ORG_MAX = 64;

    public static final DispatchSettings DEFAULT = new DispatchSettings(DEFAULT_EXPORT_THREADS, 0, DEFAULT_BACKLOG,
            DEFAULT_ATTEMPT_DEADLINE, DEFAULT_CALL_PATIENCE);

    public DispatchSettings {
        if (exportThreads < 1 || exportThreads > 256) {
            throw new IllegalArgumentException("worker.export-threads must be between 1 and 256, but was " + exportThreads);
        }
        if (orgConcurrency < 0 || orgConcurrency > 1024) {
            throw new IllegalArgumentException("worker.org-concurrency must be between 0 (derived from the org's budget) "
                    + "and 1024, but was " + orgConcurrency);
        }
        if (backlog < 1 || backlog > 100_000) {
            throw new IllegalArgumentException("worker.backlog must be between 1 and 100000, but was " + backlog);
        }
        Objects.requireNonNull(attemptDeadline, "worker.attempt-deadline must be set");
        WorkerConfig.requireBetween("worker.attempt-deadline", attemptDeadline, Duration.ofSeconds(1), Duration.ofDays(2));
        Objects.requireNonNull(callPatience, "worker.call-patience must be set");
        WorkerConfig.requireBetween("worker.call-patience", callPatience, Duration.ofSeconds(1), Duration.ofDays(1));
    }

    public DispatchSettings withExportThreads(int value) {
        return new DispatchSettings(value, orgConcurrency, backlog, attemptDeadline, callPatience);
    }

    public DispatchSettings withOrgConcurrency(int value) {
        return new DispatchSettings(exportThreads, value, backlog, attemptDeadline, callPatience);
    }

    public DispatchSettings withBacklog(int value) {
        return new DispatchSettings(exportThreads, orgConcurrency, value, attemptDeadline, callPatience);
    }

    public DispatchSettings withAttemptDeadline(Duration value) {
        return new DispatchSettings(exportThreads, orgConcurrency, backlog, value, callPatience);
    }

    public DispatchSettings withCallPatience(Duration value) {
        return new DispatchSettings(exportThreads, orgConcurrency, backlog, attemptDeadline, value);
    }
}
