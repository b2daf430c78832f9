package dev.orgexport.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    @Test
    void the_broker_configuration_is_valid_for_kafka_and_needs_a_single_node_only() {
        KafkaConfig config = new KafkaConfig(
                BrokerProperties.combinedNode(Path.of("/tmp/unused"), new BrokerPorts(19092, 19093)), false);

        assertThat(number(config, "offsets.topic.replication.factor")).isEqualTo(1L);
        assertThat(number(config, "transaction.state.log.replication.factor")).isEqualTo(1L);
        assertThat(number(config, "transaction.state.log.min.isr")).isEqualTo(1L);
        assertThat(number(config, "share.coordinator.state.topic.replication.factor")).isEqualTo(1L);
        assertThat(number(config, "share.coordinator.state.topic.min.isr")).isEqualTo(1L);
        assertThat(number(config, "log.cleaner.dedupe.buffer.size")).isEqualTo(2L * 1024 * 1024);
        assertThat(number(config, "group.initial.rebalance.delay.ms")).isZero();
        assertThat(config.getList("advertised.listeners")).containsExactly("PLAINTEXT://127.0.0.1:19092");
    }

    /** Kafka types these as short, int or long; the test cares about the value. */
    private static long number(KafkaConfig config, String name) {
        return ((Number) config.values().get(name)).longValue();
    }
}
