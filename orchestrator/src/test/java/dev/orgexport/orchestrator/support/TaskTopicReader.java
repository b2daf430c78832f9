package dev.orgexport.orchestrator.support;

import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TaskCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads task records from the beginning of the tasks topic, as a worker's consumer would. */
public final class TaskTopicReader implements AutoCloseable {

    /** One consumed record: its key, partition, offset and decoded task. */
    public record Consumed(String key, int partition, long offset, ExportTask task) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final TaskCodec codec = new TaskCodec();
    private final List<Consumed> consumed = new ArrayList<>();

    public TaskTopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "orchestrator-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code done} holds for everything consumed so far, or the deadline passes. */
    public List<Consumed> readUntil(Predicate<List<Consumed>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(consumed) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                consumed.add(new Consumed(record.key(), record.partition(), record.offset(), codec.read(record.value())));
            }
        }
        return List.copyOf(consumed);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
