package dev.orgexport.devstack.kafka;

import static dev.orgexport.devstack.kafka.KafkaRoundTrip.millisSince;
import static dev.orgexport.devstack.kafka.KafkaRoundTrip.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void records_produced_to_the_embedded_broker_are_consumed_back_by_a_consumer_group() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.inTemporaryDirectory().start()) {
            System.out.println("[EmbeddedKafkaIT] Kafka: " + kafka.description());
            kafka.createTopic("round-trip", 3);
            List<String> sent = numbered("round-trip", 200);

            long begin = System.nanoTime();
            List<String> acknowledged = KafkaRoundTrip.produceAcknowledged(kafka.bootstrapServers(), "round-trip", sent);
            List<String> read = KafkaRoundTrip.readAsGroup(kafka.bootstrapServers(), "round-trip", "round-trip-group",
                    sent.size(), READ_TIMEOUT);
            System.out.println("[EmbeddedKafkaIT] first produce + group consume of 200 records: " + millisSince(begin) + " ms");

            assertThat(acknowledged).isEqualTo(sent);
            assertThat(read).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void a_stopped_and_restarted_broker_still_serves_the_records_written_before_it_stopped() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.inTemporaryDirectory().start()) {
            System.out.println("[EmbeddedKafkaIT] Kafka: " + kafka.description());
            kafka.createTopic("kept", 2);
            List<String> before = KafkaRoundTrip.produceAcknowledged(kafka.bootstrapServers(), "kept", numbered("before", 100));
            String address = kafka.bootstrapServers();

            long stopBegin = System.nanoTime();
            kafka.stop();
            long stopMillis = millisSince(stopBegin);
            assertThat(kafka.isRunning()).isFalse();
            kafka.start();
            System.out.println("[EmbeddedKafkaIT] clean stop " + stopMillis + " ms, start on the same directory "
                    + kafka.lastStartMillis() + " ms");

            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            List<String> after = KafkaRoundTrip.produceAcknowledged(kafka.bootstrapServers(), "kept", numbered("after", 10));
            kafka.restart();
            System.out.println("[EmbeddedKafkaIT] restart() " + kafka.lastStartMillis() + " ms");

            assertThat(before).hasSize(100);
            assertThat(KafkaRoundTrip.readFromBeginning(kafka.bootstrapServers(), "kept", 110, READ_TIMEOUT))
                    .containsExactlyInAnyOrderElementsOf(concat(before, after));
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
