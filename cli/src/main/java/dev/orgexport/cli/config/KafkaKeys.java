package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.Role.ORCHESTRATOR;
import static dev.orgexport.cli.config.Role.WORKER;

/**
 * {@code kafka.*}: the cluster every Kafka client of every process connects to, and the
 * topics orgexport creates. Keys of one process's own clients are under that process
 * ({@code orchestrator.kafka.*}, {@code worker.kafka.*}). Bound by {@link KafkaBinding}.
 */
public final class KafkaKeys {

    /**
     * {@code kafka.properties.<Kafka client key>}: passed to every producer, consumer and admin
     * client. Secret-bearing ones ({@code sasl.jaas.config}, {@code *.password}) must be references.
     */
    public static final String PROPERTIES_PREFIX = "kafka.properties.";

    public static final Key<String> BOOTSTRAP_SERVERS = Key.of("kafka.bootstrap-servers", ValueType.TEXT, "localhost:9092",
            "Kafka bootstrap servers.", ORCHESTRATOR, WORKER);
    public static final Key<Integer> PARTITIONS = Key.of("kafka.partitions", ValueType.INTEGER, 12,
            "Partitions of the topics orgexport creates when they are missing (more partitions, more workers; 1-10000).",
            ORCHESTRATOR, WORKER);
    public static final Key<Integer> REPLICATION_FACTOR = Key.of("kafka.replication-factor", ValueType.INTEGER, 1,
            "Replication factor of the topics orgexport creates (3 in production; 1-32).", ORCHESTRATOR, WORKER);

    private KafkaKeys() {
    }
}
