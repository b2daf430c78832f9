package dev.orgexport.devstack.kafka;

import dev.orgexport.devstack.DevStack;
import java.util.Locale;
import org.testcontainers.kafka.KafkaContainer;

/** The apache/kafka image under Testcontainers (one KRaft node), for machines with Docker. */
final class ContainerKafka implements KafkaBroker, AutoCloseable {

    static final String IMAGE = "apache/kafka:4.1.0";

    private final KafkaContainer container;
    private final long startMillis;

    private ContainerKafka(KafkaContainer container, long startMillis) {
        this.container = container;
        this.startMillis = startMillis;
    }

    /**
     * @throws dev.orgexport.devstack.DevStackUnavailableException without a Docker engine
     */
    static ContainerKafka start() {
        DevStack.requireDocker(IMAGE);
        long begin = System.nanoTime();
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerKafka(container, (System.nanoTime() - begin) / 1_000_000);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void createTopic(String name, int partitions) {
        TopicAdmin.createTopic(bootstrapServers(), name, partitions);
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "Apache Kafka container %s at %s, started in %d ms",
                IMAGE, bootstrapServers(), startMillis);
    }

    @Override
    public void close() {
        container.stop();
    }
}
