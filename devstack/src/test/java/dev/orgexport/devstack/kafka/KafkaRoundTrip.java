package dev.orgexport.devstack.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing and reading back string records, as the project's clients do (idempotent, acks=all). */
final class KafkaRoundTrip {

    private KafkaRoundTrip() {
    }

    /** Sends every value (key = value) and returns the values the broker acknowledged. */
    static List<String> produceAcknowledged(String bootstrapServers, String topic, List<String> values)
            throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                sends.add(producer.send(new ProducerRecord<>(topic, value, value)));
            }
            producer.flush();
        }
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                sends.get(i).get();
                acknowledged.add(values.get(i));
            } catch (ExecutionException notAcknowledged) {
                // not acknowledged: the broker owes nothing for this record
            }
        }
        return acknowledged;
    }

    /** Reads the topic from the beginning (no group) until {@code expected} records or the timeout. */
    static List<String> readFromBeginning(String bootstrapServers, String topic, int expected, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return pollUntil(consumer, expected, timeout);
        }
    }

    /** Joins {@code group}, reads until {@code expected} records or the timeout, commits what it read. */
    static List<String> readAsGroup(String bootstrapServers, String topic, String group, int expected, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = pollUntil(consumer, expected, timeout);
            consumer.commitSync();
            return values;
        }
    }

    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int expected, Duration timeout) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (values.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        return values;
    }

    static List<String> numbered(String prefix, int count) {
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(prefix + "-" + i);
        }
        return values;
    }

    static long millisSince(long nanoTimeStart) {
        return (System.nanoTime() - nanoTimeStart) / 1_000_000;
    }
}
