package dev.orgexport.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.SkipReasonPrinter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs on machines with Docker; elsewhere {@code ContainerKafka.start()} makes JUnit skip it. */
@ExtendWith(SkipReasonPrinter.class)
class ContainerKafkaIT {

    @Test
    void the_kafka_container_serves_producers_and_consumers() throws Exception {
        try (ContainerKafka kafka = ContainerKafka.start()) {
            System.out.println("[ContainerKafkaIT] Kafka: " + kafka.description());
            kafka.createTopic("container-round-trip", 1);
            List<String> sent = KafkaRoundTrip.numbered("container", 20);

            assertThat(KafkaRoundTrip.produceAcknowledged(kafka.bootstrapServers(), "container-round-trip", sent))
                    .isEqualTo(sent);
            assertThat(KafkaRoundTrip.readFromBeginning(kafka.bootstrapServers(), "container-round-trip", 20,
                    Duration.ofSeconds(30))).containsExactlyElementsOf(sent);
        }
    }
}
