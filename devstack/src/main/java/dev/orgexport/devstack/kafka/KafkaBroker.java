package dev.orgexport.devstack.kafka;

/**
 * A running Kafka cluster that tests and the demo can talk to, whatever runs it (in-process
 * broker, child JVM, container). Implementations are thread-safe.
 */
public interface KafkaBroker {

    /**
     * The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}; stable
     * across restarts of the same broker.
     *
     * @throws IllegalStateException when the broker was never started
     */
    String bootstrapServers();

    /**
     * Creates a topic with the given partition count and replication factor 1, and returns once
     * the cluster has accepted it. Creating a topic that already exists with the same partition
     * count does nothing.
     *
     * @throws IllegalStateException when the topic exists with another partition count, or the
     *                               cluster does not answer within 30 s
     */
    void createTopic(String name, int partitions);

    /** What runs the cluster, where, and how long it took to start; for test output and logs. */
    String description();
}
