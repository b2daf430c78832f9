package dev.orgexport.worker;

import dev.orgexport.worker.sink.SinkSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a {@link Worker} is configured with, validated on construction with messages that
 * name the key, the rule and the value; nothing is silently corrected. Build one with
 * {@link #builder(String, String, Path)}; every key and default is listed in the module README.
 *
 * @param workerId            {@code worker.id}: this worker's name in leases, audit rows and logs; unique
 *                            among running workers (e.g. host name and process id)
 * @param kafka               {@code worker.kafka.*}
 * @param concurrency         {@code worker.concurrency}, 1 to 4096, default 512: runs in flight at once. A run
 *                            waiting for a rate-limit permit or its platform job holds no thread, so this
 *                            is sized for waits, not for cores (see {@link DispatchSettings})
 * @param lease               {@code worker.lease}, 1 s to 1 h, default 2 min: how long a claimed run stays
 *                            this worker's without a heartbeat
 * @param heartbeat           {@code worker.heartbeat}, 100 ms to a third of the lease, default 30 s: how
 *                            often held leases are extended
 * @param outputRoot          {@code worker.output-root}, required: the directory export files go under
 * @param retry               {@code worker.retry.*}
 * @param jobPollInterval     {@code worker.job-poll-interval}, 10 ms to 10 min, default 2 s: wait between
 *                            two status requests of a platform job
 * @param jobTimeout          {@code worker.job-timeout}, 1 s to 1 day, default 2 h: how long an attempt
 *                            waits for a platform job to finish before it is retried later (the job
 *                            id is kept, so the next attempt polls the same job)
 * @param pageSize            {@code worker.page-size}, 1 to 500, default 100: records per results page
 * @param availabilityRecheck {@code worker.availability-recheck}, 1 s to 1 day, default 5 min: shortest
 *                            wait when a window ends after the platform's data availability date
 * @param pausedRecheck       {@code worker.paused-recheck}, 1 s to 1 day, default 10 min: wait of a run
 *                            whose org an operator paused
 * @param shutdownGrace       {@code worker.shutdown-grace}, 0 to 1 h, default 30 s: how long in-flight
 *                            exports may finish at shutdown before their leases are given back
 * @param maxWindow           {@code worker.max-window}, 1 min to 366 days, default 31 days: longer task
 *                            windows are rejected to the dead-letter topic
 * @param consumerLimits      {@code worker.consumer.*}: bounded retries of a record, dead-letter size, stall time
 * @param controlPoll         {@code worker.control-poll}, 100 ms to 1 min, default 2 s: how often the worker
 *                            reads operator actions (release) that must reach every worker
 * @param dispatch            {@code worker.export-threads}, {@code worker.org-concurrency}, {@code worker.backlog},
 *                            {@code worker.attempt-deadline}
 * @param sink                {@code worker.sink} and {@code worker.s3.*}, default files under the output root
 * @param paging              {@code worker.settle-margin}, {@code worker.max-pages-per-job},
 *                            {@code worker.max-bytes-per-job}, {@code worker.max-park}: when a
 *                            window counts as settled and how far one job's results and one park may go
 */
public record WorkerConfig(String workerId, KafkaSettings kafka, int concurrency, Duration lease, Duration heartbeat,
                           Path outputRoot, RetryPolicy retry, Duration jobPollInterval, Duration jobTimeout, int pageSize,
                           Duration availabilityRecheck, Duration pausedRecheck, Duration shutdownGrace,
                           Duration maxWindow, ConsumerLimits consumerLimits, Duration controlPoll,
                           DispatchSettings dispatch, SinkSettings sink, Paging paging) {

    /**
     * @param settleMargin {@code worker.settle-margin}, 0 to 7 days, default 1 h: a window is exported
     *                     only once its end plus this margin is before the platform's data
     *                     availability date, so conversations still in progress at the window's
     *                     edge have ended and landed (they have no {@code conversationEnd} until then)
     * @param maxPages     {@code worker.max-pages-per-job}, 1 to 10,000,000, default 100,000: results
     *                     pages followed for one job before the attempt ends as PAGE_LIMIT
     * @param maxBytes     {@code worker.max-bytes-per-job}, 1 KiB to 1 TiB, default 16 GiB: uncompressed
     *                     bytes written for one job before the attempt ends as BYTES_LIMIT
     * @param maxPark      {@code worker.max-park}, 1 min to 7 days, default 25 h: longest the worker parks
     *                     an org for a daily rate limit, whatever {@code Retry-After} says
     */
    public record Paging(Duration settleMargin, int maxPages, long maxBytes, Duration maxPark) {
        public static final Paging DEFAULT = new Paging(Duration.ofHours(1), 100_000, 16L << 30, Duration.ofHours(25));

        public Paging {
            requireBetween("worker.settle-margin", settleMargin, Duration.ZERO, Duration.ofDays(7));
            if (maxPages < 1 || maxPages > 10_000_000) {
                throw new IllegalArgumentException("worker.max-pages-per-job must be between 1 and 10000000, but was " + maxPages);
            }
            if (maxBytes < 1024 || maxBytes > (1L << 40)) {
                throw new IllegalArgumentException("worker.max-bytes-per-job must be between 1024 and 1099511627776, but was "
                        + maxBytes);
            }
            requireBetween("worker.max-park", maxPark, Duration.ofMinutes(1), Duration.ofDays(7));
        }

        public Paging withSettleMargin(Duration value) {
            return new Paging(value, maxPages, maxBytes, maxPark);
        }
    }

    public static final int DEFAULT_CONCURRENCY = 512;
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JOB_POLL_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofHours(2);
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final Duration DEFAULT_AVAILABILITY_RECHECK = Duration.ofMinutes(5);
    public static final Duration DEFAULT_PAUSED_RECHECK = Duration.ofMinutes(10);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_WINDOW = Duration.ofDays(31);
    public static final Duration DEFAULT_CONTROL_POLL = Duration.ofSeconds(2);

    private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}");

    public WorkerConfig {
        if (workerId == null || !WORKER_ID.matcher(workerId).matches()) {
            throw new IllegalArgumentException("worker.id must be 1 to 100 of [A-Za-z0-9._:@-] starting with a letter or digit, "
                    + "but was '" + workerId + "'");
        }
        Objects.requireNonNull(kafka, "worker.kafka must be set");
        if (concurrency < 1 || concurrency > 4096) {
            throw new IllegalArgumentException("worker.concurrency must be between 1 and 4096, but was " + concurrency);
        }
        requireBetween("worker.lease", lease, Duration.ofSeconds(1), Duration.ofHours(1));
        requireBetween("worker.heartbeat", heartbeat, Duration.ofMillis(100), Duration.ofHours(1));
        if (heartbeat.multipliedBy(3).compareTo(lease) > 0) {
            throw new IllegalArgumentException("worker.heartbeat must be at most a third of worker.lease (" + lease
                    + ") so that one late heartbeat does not lose a lease, but was " + heartbeat);
        }
        Objects.requireNonNull(outputRoot, "worker.output-root must be set");
        Objects.requireNonNull(retry, "worker.retry must be set");
        requireBetween("worker.job-poll-interval", jobPollInterval, Duration.ofMillis(10), Duration.ofMinutes(10));
        requireBetween("worker.job-timeout", jobTimeout, Duration.ofSeconds(1), Duration.ofDays(1));
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("worker.page-size must be between 1 and 500, but was " + pageSize);
        }
        requireBetween("worker.availability-recheck", availabilityRecheck, Duration.ofSeconds(1), Duration.ofDays(1));
        requireBetween("worker.paused-recheck", pausedRecheck, Duration.ofSeconds(1), Duration.ofDays(1));
        requireBetween("worker.shutdown-grace", shutdownGrace, Duration.ZERO, Duration.ofHours(1));
        requireBetween("worker.max-window", maxWindow, Duration.ofMinutes(1), Duration.ofDays(366));
        Objects.requireNonNull(consumerLimits, "worker.consumer must be set");
        requireBetween("worker.control-poll", controlPoll, Duration.ofMillis(100), Duration.ofMinutes(1));
        Objects.requireNonNull(dispatch, "worker dispatch settings must be set");
        if (dispatch.attemptDeadline().compareTo(jobTimeout) <= 0) {
            throw new IllegalArgumentException("worker.attempt-deadline must be longer than worker.job-timeout (" + jobTimeout
                    + ") so that an attempt can wait for its job, but was " + dispatch.attemptDeadline());
        }
        Objects.requireNonNull(sink, "worker.sink must be set");
        Objects.requireNonNull(paging, "worker paging settings must be set");
    }

    /** A builder with every default, for the three settings that have none. */
    public static Builder builder(String workerId, String bootstrapServers, Path outputRoot) {
        return new Builder(workerId, KafkaSettings.defaults(bootstrapServers), outputRoot);
    }

    static void requireBetween(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", but was " + value);
        }
    }

    /** Collects the settings; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final String workerId;
        private KafkaSettings kafka;
        private final Path outputRoot;
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration lease = DEFAULT_LEASE;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration jobPollInterval = DEFAULT_JOB_POLL_INTERVAL;
        private Duration jobTimeout = DEFAULT_JOB_TIMEOUT;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Duration availabilityRecheck = DEFAULT_AVAILABILITY_RECHECK;
        private Duration pausedRecheck = DEFAULT_PAUSED_RECHECK;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private Duration maxWindow = DEFAULT_MAX_WINDOW;
        private SinkSettings sink = SinkSettings.FILE;
        private ConsumerLimits consumerLimits = ConsumerLimits.DEFAULT;
        private Duration controlPoll = DEFAULT_CONTROL_POLL;
        private DispatchSettings dispatch = DispatchSettings.DEFAULT;
        private Paging paging = Paging.DEFAULT;

        private Builder(String workerId, KafkaSettings kafka, Path outputRoot) {
            this.workerId = workerId;
            this.kafka = kafka;
            this.outputRoot = outputRoot;
        }

        public Builder kafka(KafkaSettings value) {
            this.kafka = value;
            return this;
        }

        public Builder concurrency(int value) {
            this.concurrency = value;
            return this;
        }

        /** The lease and how often it is extended; set together since one bounds the other. */
        public Builder lease(Duration leaseValue, Duration heartbeatValue) {
            this.lease = leaseValue;
            this.heartbeat = heartbeatValue;
            return this;
        }

        public Builder retry(RetryPolicy value) {
            this.retry = value;
            return this;
        }

        public Builder jobPollInterval(Duration value) {
            this.jobPollInterval = value;
            return this;
        }

        public Builder jobTimeout(Duration value) {
            this.jobTimeout = value;
            return this;
        }

        public Builder pageSize(int value) {
            this.pageSize = value;
            return this;
        }

        public Builder availabilityRecheck(Duration value) {
            this.availabilityRecheck = value;
            return this;
        }

        public Builder pausedRecheck(Duration value) {
            this.pausedRecheck = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            this.shutdownGrace = value;
            return this;
        }

        public Builder maxWindow(Duration value) {
            this.maxWindow = value;
            return this;
        }

        public Builder consumerLimits(ConsumerLimits value) {
            this.consumerLimits = value;
            return this;
        }

        public Builder controlPoll(Duration value) {
            this.controlPoll = value;
            return this;
        }

        public Builder dispatch(DispatchSettings value) {
            this.dispatch = value;
            return this;
        }

        public Builder sink(SinkSettings value) {
            this.sink = value;
            return this;
        }

        public Builder paging(Paging value) {
            this.paging = value;
            return this;
        }

        public Builder settleMargin(Duration value) {
            this.paging = paging.withSettleMargin(value);
            return this;
        }

        public WorkerConfig build() {
            return new WorkerConfig(workerId, kafka, concurrency, lease, heartbeat, outputRoot, retry, jobPollInterval,
                    jobTimeout, pageSize, availabilityRecheck, pausedRecheck, shutdownGrace, maxWindow, consumerLimits,
                    controlPoll, dispatch, sink, paging);
        }
    }
}
