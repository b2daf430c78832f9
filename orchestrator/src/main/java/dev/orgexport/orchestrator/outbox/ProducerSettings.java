package dev.orgexport.orchestrator.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka producer of the outbox relay. Always idempotent with {@code acks=all} and at most
 * 5 requests in flight, so the broker writes each record once and in send order per partition,
 * even across the producer's own retries; those are not settings.
 *
 * @param bootstrapServers {@code kafka.bootstrap-servers}: host:port list (required)
 * @param clientId         {@code kafka.client-id}: the producer's client id (default {@code orgexport-orchestrator})
 * @param requestTimeout   {@code kafka.producer.request-timeout}: one request's timeout, 1 s to 5 min (default 5 s)
 * @param deliveryTimeout  {@code kafka.producer.delivery-timeout}: how long a record may take, retries
 *                         included, before its send fails; at least linger + request timeout,
 *                         at most 10 min (default 15 s)
 * @param maxBlock         {@code kafka.producer.max-block}: how long a send may block for metadata when
 *                         the broker is unreachable, 100 ms to 5 min (default 5 s)
 * @param linger           {@code kafka.producer.linger}: batching delay, 0 to 1 s (default 5 ms)
 */
public record ProducerSettings(String bootstrapServers, String clientId, Duration requestTimeout,
                               Duration deliveryTimeout, Duration maxBlock, Duration linger) {

    public static final String DEFAULT_CLIENT_ID = "orgexport-orchestrator";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

    public ProducerSettings {
        Objects.requireNonNull(bootstrapServers, "kafka.bootstrap-servers must be set");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be blank");
        }
        Objects.requireNonNull(clientId, "kafka.client-id must be set");
        requireBetween("kafka.producer.request-timeout", requestTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
        requireBetween("kafka.producer.max-block", maxBlock, Duration.ofMillis(100), Duration.ofMinutes(5));
        requireBetween("kafka.producer.linger", linger, Duration.ZERO, Duration.ofSeconds(1));
        requireBetween("kafka.producer.delivery-timeout", deliveryTimeout, linger.plus(requestTimeout), Duration.ofMinutes(10));
    }

    public static ProducerSettings of(String bootstrapServers) {
        return new ProducerSettings(bootstrapServers, DEFAULT_CLIENT_ID, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_DELIVERY_TIMEOUT, DEFAULT_MAX_BLOCK, DEFAULT_LINGER);
    }

    public ProducerSettings withClientId(String id) {
        return new ProducerSettings(bootstrapServers, id, requestTimeout, deliveryTimeout, maxBlock, linger);
    }

    /** The producer properties, serializers included. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // Idempotence keeps per-partition order across retries only up to 5 requests in flight.
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        properties.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return properties;
    }

    static void requireBetween(String key, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, key + " must be set");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", but was " + value);
        }
    }
}
