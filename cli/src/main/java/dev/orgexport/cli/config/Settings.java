package dev.orgexport.cli.config;

import dev.orgexport.orchestrator.outbox.RelayConfig;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.sweep.SweeperConfig;
import dev.orgexport.worker.WorkerConfig;
import java.util.List;

/**
 * Every setting orgexport reads, with its default and meaning. The README's configuration
 * table and docker-compose.yml are checked against this list by tests, so it is the one
 * place where a setting is declared; defaults come from the modules' own constants.
 */
public final class Settings {

    public static final Setting DATABASE_URL = new Setting("database.url", null,
            "JDBC URL of PostgreSQL, e.g. jdbc:postgresql://db:5432/orgexport. Required by every command but "
                    + "`demo` and `simulator`.");
    public static final Setting DATABASE_USER = new Setting("database.user", "orgexport", "PostgreSQL user.");
    public static final Setting DATABASE_PASSWORD = new Setting("database.password", null,
            "Reference to the PostgreSQL password: env:NAME or file:/path. Never the password itself.");
    public static final Setting DATABASE_POOL_SIZE = new Setting("database.pool-size", "10",
            "Connections in the HikariCP pool (1-200).");

    public static final Setting KAFKA_BOOTSTRAP_SERVERS = new Setting("kafka.bootstrap-servers", "localhost:9092",
            "Kafka bootstrap servers.");
    public static final Setting KAFKA_PARTITIONS = new Setting("kafka.partitions", "12",
            "Partitions of the topics orgexport creates when they are missing (more partitions, more workers).");
    public static final Setting KAFKA_REPLICATION_FACTOR = new Setting("kafka.replication-factor", "1",
            "Replication factor of the topics orgexport creates (3 in production).");

    public static final Setting PLATFORM_BASE_URL = new Setting("platform.base-url", null,
            "Base URL of every region's login and API hosts, with {region} standing for the region id, e.g. "
                    + "http://simulator:8080/{region}. Unset: the real https://login.<domain> and https://api.<domain>.");

    public static final Setting WORKER_ID = new Setting("worker.id", null,
            "This worker's name in leases, audit rows and logs; unique per running worker. Unset: host name and process id.");
    public static final Setting WORKER_CONCURRENCY = new Setting("worker.concurrency",
            String.valueOf(WorkerConfig.DEFAULT_CONCURRENCY), "Exports one worker runs at once (1-256).");
    public static final Setting WORKER_OUTPUT_ROOT = new Setting("worker.output-root", "exports",
            "Directory the export files go under: <root>/<org>/<kind>/<start>_<end>.ndjson.gz.");
    public static final Setting WORKER_LEASE = new Setting("worker.lease", WorkerConfig.DEFAULT_LEASE.toString(),
            "How long a claimed run stays this worker's without a heartbeat.");
    public static final Setting WORKER_HEARTBEAT = new Setting("worker.heartbeat",
            WorkerConfig.DEFAULT_HEARTBEAT.toString(), "How often held leases are extended (at most a third of the lease).");
    public static final Setting WORKER_JOB_POLL_INTERVAL = new Setting("worker.job-poll-interval",
            WorkerConfig.DEFAULT_JOB_POLL_INTERVAL.toString(), "Wait between two status requests of a platform export job.");
    public static final Setting WORKER_PAGE_SIZE = new Setting("worker.page-size",
            String.valueOf(WorkerConfig.DEFAULT_PAGE_SIZE), "Records per results page (1-500).");
    public static final Setting WORKER_SHUTDOWN_GRACE = new Setting("worker.shutdown-grace",
            WorkerConfig.DEFAULT_SHUTDOWN_GRACE.toString(),
            "On SIGTERM, how long in-flight exports may finish before their leases are given back.");

    public static final Setting ORCHESTRATOR_INSTANCE_ID = new Setting("orchestrator.instance-id", "orchestrator",
            "This orchestrator's name in logs and thread names.");
    public static final Setting ORCHESTRATOR_TICK = new Setting("orchestrator.scheduler.tick",
            SchedulerConfig.DEFAULT_TICK.toString(), "How often due schedules are turned into runs.");
    public static final Setting ORCHESTRATOR_RELAY_POLL = new Setting("orchestrator.relay.poll-interval",
            RelayConfig.DEFAULT_POLL_INTERVAL.toString(), "How often the outbox relay looks for unpublished tasks.");
    public static final Setting ORCHESTRATOR_SWEEP = new Setting("orchestrator.sweeper.interval",
            SweeperConfig.DEFAULT_INTERVAL.toString(),
            "How often waiting runs whose time has come, and runs with an expired lease, are queued again.");

    public static final Setting HTTP_PORT = new Setting("http.port", "0",
            "Port of /metrics, /health/live and /health/ready of orchestrator, worker and simulator (0: off).");
    public static final Setting LOG_LEVEL = new Setting("log.level", "INFO",
            "Level of orgexport's own loggers: TRACE, DEBUG, INFO, WARN or ERROR.");

    private static final List<Setting> ALL = List.of(DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATABASE_POOL_SIZE,
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_PARTITIONS, KAFKA_REPLICATION_FACTOR, PLATFORM_BASE_URL,
            WORKER_ID, WORKER_CONCURRENCY, WORKER_OUTPUT_ROOT, WORKER_LEASE, WORKER_HEARTBEAT, WORKER_JOB_POLL_INTERVAL,
            WORKER_PAGE_SIZE, WORKER_SHUTDOWN_GRACE,
            ORCHESTRATOR_INSTANCE_ID, ORCHESTRATOR_TICK, ORCHESTRATOR_RELAY_POLL, ORCHESTRATOR_SWEEP,
            HTTP_PORT, LOG_LEVEL);

    private Settings() {
    }

    public static List<Setting> all() {
        return ALL;
    }
}
