package dev.orgexport.orchestrator.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka producer of the outbox relay. Always idempotent with {@code acks=all} and at most
 * 5 requests in flight, so the broker writes each record once and in send order per partition,
 * even across the producer's own retries; those are not settings.
 *
 * @param bootstrapServers {@code kafka.bootstrap-servers}: host:port list (required)
 * @param clientId         {@code orchestrator.kafka.client-id}: the producer's client id (default {@code orgexport-orchestrator})
 * @param requestTimeout   {@code orchestrator.kafka.request-timeout}: one request's timeout, 1 s to 5 min (default 5 s)
 * @param deliveryTimeout  {@code orchestrator.kafka.delivery-timeout}: how long a record may take, retries
 *                         included, before its send fails; at least linger + request timeout,
 *                         at most 10 min (default 15 s)
 * @param maxBlock         {@code orchestrator.kafka.max-block}: how long a send may block for metadata when
 *                         the broker is unreachable, 100 ms to 5 min (default 5 s)
 * @param linger           {@code orchestrator.kafka.linger}: batching delay, 0 to 1 s (default 5 ms)
 * @param clientProperties {@code kafka.properties.*}: further Kafka client properties (security,
 *                         tuning), secrets already resolved; never the ones the delivery
 *                         guarantees rest on or that have their own key ({@link #RESERVED});
 *                         {@link #toString()} shows only their names
 */
public record ProducerSettings(String bootstrapServers, String clientId, Duration requestTimeout,
                               Duration deliveryTimeout, Duration maxBlock, Duration linger,
                               Map<String, String> clientProperties) {

    /** Properties set from this record or fixed because the relay's guarantees rest on them. */
    public static final Set<String> RESERVED = Set.of("bootstrap.servers", "client.id", "enable.idempotence", "acks",
            "max.in.flight.requests.per.connection", "retries", "request.timeout.ms", "delivery.timeout.ms",
            "max.block.ms", "linger.ms", "key.serializer", "value.serializer", "transactional.id");

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
        Objects.requireNonNull(clientId, "orchestrator.kafka.client-id must be set");
        requireBetween("orchestrator.kafka.request-timeout", requestTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
        requireBetween("orchestrator.kafka.max-block", maxBlock, Duration.ofMillis(100), Duration.ofMinutes(5));
        requireBetween("orchestrator.kafka.linger", linger, Duration.ZERO, Duration.ofSeconds(1));
        requireBetween("orchestrator.kafka.delivery-timeout", deliveryTimeout, linger.plus(requestTimeout), Duration.ofMinutes(10));
        clientProperties = Map.copyOf(Objects.requireNonNull(clientProperties, "kafka.properties"));
        for (String key : clientProperties.keySet()) {
            if (RESERVED.contains(key.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("kafka.properties." + key + " is set by the orchestrator itself and must "
                        + "not be configured; reserved for the task producer: " + new TreeSet<>(RESERVED));
            }
        }
    }

    public ProducerSettings(String bootstrapServers, String clientId, Duration requestTimeout, Duration deliveryTimeout,
                            Duration maxBlock, Duration linger) {
        this(bootstrapServers, clientId, requestTimeout, deliveryTimeout, maxBlock, linger, Map.of());
    }

    public static ProducerSettings of(String bootstrapServers) {
        return new ProducerSettings(bootstrapServers, DEFAULT_CLIENT_ID, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_DELIVERY_TIMEOUT, DEFAULT_MAX_BLOCK, DEFAULT_LINGER);
    }

    public ProducerSettings withClientId(String id) {
        return new ProducerSettings(bootstrapServers, id, requestTimeout, deliveryTimeout, maxBlock, linger,
                clientProperties);
    }

    public ProducerSettings withClientProperties(Map<String, String> properties) {
        return new ProducerSettings(bootstrapServers, clientId, requestTimeout, deliveryTimeout, maxBlock, linger,
                properties);
    }

    /** The producer properties, serializers included. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(clientProperties);
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

    /** Client properties by name only: their values may be credentials. */
    @Override
    public String toString() {
        return "ProducerSettings[bootstrapServers=" + bootstrapServers + ", clientId=" + clientId + ", requestTimeout="
                + requestTimeout + ", deliveryTimeout=" + deliveryTimeout + ", maxBlock=" + maxBlock + ", linger=" + linger
                + ", clientProperties=" + new TreeSet<>(clientProperties.keySet()) + "]";
    }

    static void requireBetween(String key, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, key + " must be set");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", but was " + value);
        }
    }
}
