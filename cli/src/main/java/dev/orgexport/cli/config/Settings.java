package dev.orgexport.cli.config;

import java.util.List;

/**
 * Every setting orgexport reads, with its default and meaning. The README's configuration
 * table and docker-compose.yml are checked against this list by tests, so it is the one
 * place where a setting is declared.
 */
public final class Settings {

    public static final Setting DATABASE_URL = new Setting("database.url", null,
            "JDBC URL of PostgreSQL, e.g. jdbc:postgresql://db:5432/orgexport. Required by every command "
                    + "but `demo` and `simulator` (the demo uses an embedded PostgreSQL when unset).");
    public static final Setting DATABASE_USER = new Setting("database.user", "orgexport", "PostgreSQL user.");
    public static final Setting DATABASE_PASSWORD = new Setting("database.password", null,
            "Reference to the PostgreSQL password: env:NAME or file:/path. Never the password itself.");
    public static final Setting DATABASE_POOL_SIZE = new Setting("database.pool-size", "10",
            "Connections in the HikariCP pool (1-200).");
    public static final Setting KAFKA_BOOTSTRAP_SERVERS = new Setting("kafka.bootstrap-servers", "localhost:9092",
            "Kafka bootstrap servers.");
    public static final Setting KAFKA_PARTITIONS = new Setting("kafka.partitions", "12",
            "Partitions of orgexport.tasks when orgexport creates it (more partitions, more workers).");
    public static final Setting KAFKA_REPLICATION_FACTOR = new Setting("kafka.replication-factor", "1",
            "Replication factor of the topics orgexport creates (3 in production).");
    public static final Setting HTTP_PORT = new Setting("http.port", "0",
            "Port of /metrics, /health/live and /health/ready for orchestrator, worker and simulator (0: off).");
    public static final Setting LOG_LEVEL = new Setting("log.level", "INFO",
            "Level of orgexport's own loggers: TRACE, DEBUG, INFO, WARN or ERROR.");

    private Settings() {
    }

    private static final List<Setting> ALL = List.of(DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD,
            DATABASE_POOL_SIZE, KAFKA_BOOTSTRAP_SERVERS, KAFKA_PARTITIONS, KAFKA_REPLICATION_FACTOR, HTTP_PORT,
            LOG_LEVEL);

    public static List<Setting> all() {
        return ALL;
    }
}
