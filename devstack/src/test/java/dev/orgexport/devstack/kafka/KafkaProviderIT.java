package dev.orgexport.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.devstack.DevStack;
import dev.orgexport.devstack.SkipReasonPrinter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SkipReasonPrinter.class)
class KafkaProviderIT {

    @Test
    void the_shared_kafka_of_the_selected_mode_serves_producers_and_consumers() throws Exception {
        KafkaBroker kafka = KafkaProvider.shared();
        System.out.println("[KafkaProviderIT] mode " + DevStack.mode() + ", Kafka: " + kafka.description());

        kafka.createTopic("shared-round-trip", 2);
        kafka.createTopic("shared-round-trip", 2);
        List<String> sent = KafkaRoundTrip.numbered("shared", 50);
        List<String> acknowledged = KafkaRoundTrip.produceAcknowledged(kafka.bootstrapServers(), "shared-round-trip", sent);

        assertThat(KafkaProvider.shared()).isSameAs(kafka);
        assertThat(acknowledged).isEqualTo(sent);
        assertThat(KafkaRoundTrip.readFromBeginning(kafka.bootstrapServers(), "shared-round-trip", 50, Duration.ofSeconds(30)))
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void creating_an_existing_topic_with_another_partition_count_is_refused() {
        KafkaBroker kafka = KafkaProvider.shared();
        System.out.println("[KafkaProviderIT] Kafka: " + kafka.description());
        kafka.createTopic("fixed-partitions", 2);

        assertThatThrownBy(() -> kafka.createTopic("fixed-partitions", 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists with 2 partitions");
    }
}
