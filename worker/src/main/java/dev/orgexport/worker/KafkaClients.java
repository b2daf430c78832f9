package dev.orgexport.worker;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The worker's Kafka clients, with the settings its guarantees rest on fixed here. */
final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * Manual commits (offsets are committed after the claim), earliest offset for a new group
     * (tasks published before the first worker started are not skipped), committed reads only
     * (a transactional producer's aborted records never become tasks).
     */
    static Consumer<byte[], byte[]> consumer(WorkerConfig config) {
        KafkaSettings kafka = config.kafka();
        Map<String, Object> properties = new HashMap<>(kafka.clientProperties());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.groupId());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "orgexport-worker-" + config.workerId());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, kafka.maxPollRecords());
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Idempotent, {@code acks=all}: a dead letter or an event is written once the broker has it
     * durably. {@code max.block.ms} is the send timeout, not Kafka's 60 s, so a send on an
     * unreachable broker fails within the time the caller waits anyway; requests are capped at
     * 1 MiB on purpose (dead letters are cut well below it) and compressed.
     */
    static Producer<byte[], byte[]> producer(WorkerConfig config) {
        KafkaSettings kafka = config.kafka();
        Map<String, Object> properties = new HashMap<>(kafka.clientProperties());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "orgexport-worker-" + config.workerId() + "-producer");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.sendTimeout().toMillis());
        properties.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
        properties.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
