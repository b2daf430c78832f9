package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.Role.WORKER;

import dev.orgexport.worker.ConsumerLimits;
import dev.orgexport.worker.DispatchSettings;
import dev.orgexport.worker.KafkaSettings;
import dev.orgexport.worker.RetryPolicy;
import dev.orgexport.worker.WorkerConfig;
import java.time.Duration;

/**
 * {@code worker.*}: the worker process. Ranges are checked by {@link WorkerConfig},
 * {@link RetryPolicy} and {@link KafkaSettings}; bound by {@link WorkerBinding}.
 */
public final class WorkerKeys {

    public static final Key<String> ID = Key.required("worker.id", ValueType.TEXT,
            "This worker's name in leases, audit rows and logs; unique per running worker; 1-100 of [A-Za-z0-9._:@-]. "
                    + "A worker started again under the same id ends the leases its previous process left, so those runs "
                    + "resume at once. Unset: host name and process id (standalone: one id per data directory).", WORKER);
    public static final Key<Integer> CONCURRENCY = Key.of("worker.concurrency", ValueType.INTEGER,
            WorkerConfig.DEFAULT_CONCURRENCY, "Runs one worker has in flight at once (1-4096); a run waiting for a "
                    + "rate-limit permit, a platform answer or its next job poll holds no thread.", WORKER);
    public static final Key<Integer> EXPORT_THREADS = Key.of("worker.export-threads", ValueType.INTEGER,
            DispatchSettings.DEFAULT_EXPORT_THREADS, "Threads running the steps of all runs in flight: JDBC, file writes, "
                    + "JSON (1-256); keep below database.pool-size.", WORKER);
    public static final Key<Integer> ORG_CONCURRENCY = Key.of("worker.org-concurrency", ValueType.INTEGER, 0,
            "Runs of one org in flight at once (0-1024); 0 derives it per org from the org's API budget and its runs' "
                    + "observed calls and waits.", WORKER);
    public static final Key<Integer> BACKLOG = Key.of("worker.backlog", ValueType.INTEGER, DispatchSettings.DEFAULT_BACKLOG,
            "Claimed runs waiting for a place in flight (1-100000); when full the worker pauses its partitions.", WORKER);
    public static final Key<Duration> ATTEMPT_DEADLINE = Key.of("worker.attempt-deadline", ValueType.DURATION,
            DispatchSettings.DEFAULT_ATTEMPT_DEADLINE, "An attempt still unfinished this long after it started ends and "
                    + "waits for a retry, releasing its lease, even if a platform call never answers (1 s - 2 days; "
                    + "longer than worker.job-timeout).", WORKER);
    public static final Key<Duration> CALL_PATIENCE = Key.of("worker.call-patience", ValueType.DURATION,
            DispatchSettings.DEFAULT_CALL_PATIENCE, "How long one platform call (its retries, Retry-After and rate-limit "
                    + "waits included) may stay open while the heartbeat still extends its run's lease; longer, the run "
                    + "counts as stuck and its lease runs out (1 s - 1 day).", WORKER);
    public static final Key<String> OUTPUT_ROOT = Key.of("worker.output-root", ValueType.TEXT, "exports",
            "Directory the export files go under: <root>/<org>/<kind>/<start>_<end>.ndjson.gz.", WORKER);
    public static final Key<Duration> LEASE = Key.of("worker.lease", ValueType.DURATION, WorkerConfig.DEFAULT_LEASE,
            "How long a claimed run stays this worker's without a heartbeat (1 s - 1 h).", WORKER);
    public static final Key<Duration> HEARTBEAT = Key.of("worker.heartbeat", ValueType.DURATION,
            WorkerConfig.DEFAULT_HEARTBEAT, "How often held leases are extended (100 ms - a third of the lease).", WORKER);
    public static final Key<Duration> JOB_POLL_INTERVAL = Key.of("worker.job-poll-interval", ValueType.DURATION,
            WorkerConfig.DEFAULT_JOB_POLL_INTERVAL, "Wait between two status requests of a platform export job (10 ms - 10 min).",
            WORKER);
    public static final Key<Duration> JOB_TIMEOUT = Key.of("worker.job-timeout", ValueType.DURATION,
            WorkerConfig.DEFAULT_JOB_TIMEOUT, "How long one attempt waits for a platform job to finish; the next attempt "
                    + "polls the same job (1 s - 1 day).", WORKER);
    public static final Key<Integer> PAGE_SIZE = Key.of("worker.page-size", ValueType.INTEGER,
            WorkerConfig.DEFAULT_PAGE_SIZE, "Records per results page (1-500).", WORKER);
    public static final Key<Duration> AVAILABILITY_RECHECK = Key.of("worker.availability-recheck", ValueType.DURATION,
            WorkerConfig.DEFAULT_AVAILABILITY_RECHECK, "Shortest wait when a window ends after the platform's data "
                    + "availability date (1 s - 1 day).", WORKER);
    public static final Key<Duration> PAUSED_RECHECK = Key.of("worker.paused-recheck", ValueType.DURATION,
            WorkerConfig.DEFAULT_PAUSED_RECHECK, "Wait of a run whose org an operator paused (1 s - 1 day).", WORKER);
    public static final Key<Duration> SHUTDOWN_GRACE = Key.of("worker.shutdown-grace", ValueType.DURATION,
            WorkerConfig.DEFAULT_SHUTDOWN_GRACE, "On SIGTERM, how long in-flight exports may finish before their leases "
                    + "are given back (0 - 1 h).", WORKER);
    public static final Key<Duration> MAX_WINDOW = Key.of("worker.max-window", ValueType.DURATION,
            WorkerConfig.DEFAULT_MAX_WINDOW, "Task windows longer than this are dead-lettered as WINDOW_TOO_LONG "
                    + "(1 min - 366 days).", WORKER);
    public static final Key<Duration> CONTROL_POLL = Key.of("worker.control-poll", ValueType.DURATION,
            WorkerConfig.DEFAULT_CONTROL_POLL, "How often the worker reads operator actions that must reach every worker "
                    + "(a release closes its breaker of the org); also read before each claim (100 ms - 1 min).", WORKER);
    public static final Key<Integer> CONSUMER_MAX_HANDOVER_ATTEMPTS = Key.of("worker.consumer.max-handover-attempts",
            ValueType.INTEGER, ConsumerLimits.DEFAULT_MAX_HANDOVER_ATTEMPTS, "Tries of a task record that keeps failing "
                    + "(not for an unreachable database or broker) before it is dead-lettered as HANDOVER_FAILED (1-100).",
            WORKER);
    public static final Key<Integer> CONSUMER_DLQ_MAX_VALUE_BYTES = Key.of("worker.consumer.dlq-max-value-bytes",
            ValueType.INTEGER, ConsumerLimits.DEFAULT_DLQ_MAX_VALUE_BYTES, "A longer record value is cut to this on the "
                    + "dead-letter topic, with its original size and SHA-256 in headers (1024-921600).", WORKER);
    public static final Key<Duration> CONSUMER_STALL_TIMEOUT = Key.of("worker.consumer.stall-timeout",
            ValueType.DURATION, ConsumerLimits.DEFAULT_STALL_TIMEOUT, "Readiness turns false when the consumer made no "
                    + "progress for this long while it had lag, held records or paused partitions (1 s - 1 h).", WORKER);
    public static final Key<Duration> SETTLE_MARGIN = Key.of("worker.settle-margin", ValueType.DURATION,
            WorkerConfig.Paging.DEFAULT.settleMargin(), "A window is exported only once its end plus this margin is before "
                    + "the platform's data availability date, so what was in progress at its edge has ended (0 - 7 days).",
            WORKER);
    public static final Key<Integer> MAX_PAGES_PER_JOB = Key.of("worker.max-pages-per-job", ValueType.INTEGER,
            WorkerConfig.Paging.DEFAULT.maxPages(), "Results pages followed for one platform job before the attempt ends "
                    + "as PAGE_LIMIT (1-10000000).", WORKER);
    public static final Key<Duration> MAX_PARK = Key.of("worker.max-park", ValueType.DURATION,
            WorkerConfig.Paging.DEFAULT.maxPark(), "Longest an org is parked for a daily rate limit, whatever its "
                    + "Retry-After says (1 min - 7 days).", WORKER);

    public static final Key<Integer> RETRY_MAX_ATTEMPTS = Key.of("worker.retry.max-attempts", ValueType.INTEGER,
            RetryPolicy.DEFAULT.maxAttempts(), "Attempts before a run is FAILED (1-1000); waits that made no platform "
                    + "call do not count.", WORKER);
    public static final Key<Duration> RETRY_MAX_AGE = Key.of("worker.retry.max-age", ValueType.DURATION,
            RetryPolicy.DEFAULT.maxAge(), "Age of a run after which a failed attempt makes it FAILED (1 min - 365 days).",
            WORKER);
    public static final Key<Duration> RETRY_INITIAL_BACKOFF = Key.of("worker.retry.initial-backoff", ValueType.DURATION,
            RetryPolicy.DEFAULT.initialBackoff(), "Wait after a run's first failed attempt (1 ms - 1 day).", WORKER);
    public static final Key<Duration> RETRY_MAX_BACKOFF = Key.of("worker.retry.max-backoff", ValueType.DURATION,
            RetryPolicy.DEFAULT.maxBackoff(), "Longest wait between a run's attempts (initial backoff - 7 days).", WORKER);
    public static final Key<Double> RETRY_MULTIPLIER = Key.of("worker.retry.multiplier", ValueType.DECIMAL,
            RetryPolicy.DEFAULT.multiplier(), "Growth of the wait per attempt (1.0-10.0).", WORKER);
    public static final Key<Double> RETRY_JITTER = Key.of("worker.retry.jitter", ValueType.DECIMAL,
            RetryPolicy.DEFAULT.jitter(), "Spread of each wait, as a fraction of it (0.0 to below 1.0).", WORKER);

    public static final Key<String> KAFKA_GROUP_ID = Key.of("worker.kafka.group-id", ValueType.TEXT,
            KafkaSettings.DEFAULT_GROUP_ID, "Consumer group of all workers.", WORKER);
    public static final Key<Integer> KAFKA_MAX_POLL_RECORDS = Key.of("worker.kafka.max-poll-records", ValueType.INTEGER,
            KafkaSettings.DEFAULT_MAX_POLL_RECORDS, "Task records per poll (1-10000); also bounds the records a paused "
                    + "worker holds in memory.", WORKER);
    public static final Key<Duration> KAFKA_POLL_TIMEOUT = Key.of("worker.kafka.poll-timeout", ValueType.DURATION,
            KafkaSettings.DEFAULT_POLL_TIMEOUT, "Longest wait of one poll (10 ms - 10 s).", WORKER);
    public static final Key<Duration> KAFKA_SEND_TIMEOUT = Key.of("worker.kafka.send-timeout", ValueType.DURATION,
            KafkaSettings.DEFAULT_SEND_TIMEOUT, "How long a dead-letter or event send may take before it counts as "
                    + "failed (1 s - 10 min).", WORKER);

    private WorkerKeys() {
    }
}
