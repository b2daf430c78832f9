package dev.orgexport.worker;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How the worker talks to Kafka. Validated on construction; {@link #toString()} masks client
 * properties that may hold credentials.
 *
 * @param bootstrapServers {@code kafka.bootstrap-servers}, required, e.g. {@code 127.0.0.1:9092}
 * @param groupId          {@code worker.kafka.group-id}, default {@value #DEFAULT_GROUP_ID}
 * @param tasksTopic       default {@code orgexport.tasks} (not a configuration key: the orchestrator
 *                         publishes to the fixed name; tests use their own topics)
 * @param deadLetterTopic  default {@code orgexport.tasks.dlq} (as tasksTopic)
 * @param eventsTopic      default {@code orgexport.events} (as tasksTopic)
 * @param maxPollRecords   {@code worker.kafka.max-poll-records}, 1 to 10000, default 100: also bounds the
 *                         records a paused worker holds in memory
 * @param pollTimeout      {@code worker.kafka.poll-timeout}, 10 ms to 10 s, default 500 ms
 * @param sendTimeout      {@code worker.kafka.send-timeout}, 1 s to 10 min, default 30 s: how long a
 *                         dead-letter or event send may take before it counts as failed
 * @param clientProperties {@code kafka.properties.*}: extra Kafka client properties (security,
 *                         tuning) applied to the consumer and the producer; never the ones the
 *                         worker's guarantees rest on (offset commits, idempotence, acks)
 */
public record KafkaSettings(String bootstrapServers, String groupId, String tasksTopic, String deadLetterTopic,
                            String eventsTopic, int maxPollRecords, Duration pollTimeout, Duration sendTimeout,
                            Map<String, String> clientProperties) {

    public static final String DEFAULT_GROUP_ID = "orgexport-workers";
    public static final String DEFAULT_TASKS_TOPIC = "orgexport.tasks";
    public static final String DEFAULT_DLQ_TOPIC = "orgexport.tasks.dlq";
    public static final String DEFAULT_EVENTS_TOPIC = "orgexport.events";
    public static final int DEFAULT_MAX_POLL_RECORDS = 100;
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

    /** Properties the worker sets itself because its delivery guarantees depend on them. */
    static final Set<String> RESERVED = Set.of("enable.auto.commit", "group.id",
            "bootstrap.servers", "key.deserializer", "value.deserializer", "key.serializer", "value.serializer",
            "enable.idempotence", "acks", "auto.offset.reset", "max.poll.records", "client.id", "isolation.level");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern SENSITIVE = Pattern.compile("(?i).*(password|secret|jaas|credential|key\\b|token).*");

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must be set, but was "
                    + (bootstrapServers == null ? "null" : "blank"));
        }
        requireText("worker.kafka.group-id", groupId);
        requireTopic("worker.kafka.tasks-topic", tasksTopic);
        requireTopic("worker.kafka.dlq-topic", deadLetterTopic);
        requireTopic("worker.kafka.events-topic", eventsTopic);
        if (deadLetterTopic.equals(tasksTopic)) {
            throw new IllegalArgumentException("worker.kafka.dlq-topic must differ from worker.kafka.tasks-topic, but both were '"
                    + tasksTopic + "'");
        }
        if (maxPollRecords < 1 || maxPollRecords > 10_000) {
            throw new IllegalArgumentException("worker.kafka.max-poll-records must be between 1 and 10000, but was " + maxPollRecords);
        }
        WorkerConfig.requireBetween("worker.kafka.poll-timeout", pollTimeout, Duration.ofMillis(10), Duration.ofSeconds(10));
        WorkerConfig.requireBetween("worker.kafka.send-timeout", sendTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
        clientProperties = Map.copyOf(Objects.requireNonNull(clientProperties, "kafka.properties"));
        for (String key : clientProperties.keySet()) {
            if (RESERVED.contains(key.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("kafka.properties." + key
                        + " is set by the worker itself and must not be configured; reserved: " + new TreeSet<>(RESERVED));
            }
        }
    }

    /** Settings with every default, for the given servers. */
    public static KafkaSettings defaults(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, DEFAULT_GROUP_ID, DEFAULT_TASKS_TOPIC, DEFAULT_DLQ_TOPIC,
                DEFAULT_EVENTS_TOPIC, DEFAULT_MAX_POLL_RECORDS, DEFAULT_POLL_TIMEOUT, DEFAULT_SEND_TIMEOUT, Map.of());
    }

    /** These settings with other topic names (tests use their own). */
    public KafkaSettings withTopics(String tasks, String deadLetters, String events) {
        return new KafkaSettings(bootstrapServers, groupId, tasks, deadLetters, events, maxPollRecords, pollTimeout,
                sendTimeout, clientProperties);
    }

    public KafkaSettings withGroupId(String group) {
        return new KafkaSettings(bootstrapServers, group, tasksTopic, deadLetterTopic, eventsTopic, maxPollRecords,
                pollTimeout, sendTimeout, clientProperties);
    }

    public KafkaSettings withPolling(int records, Duration timeout) {
        return new KafkaSettings(bootstrapServers, groupId, tasksTopic, deadLetterTopic, eventsTopic, records, timeout,
                sendTimeout, clientProperties);
    }

    public KafkaSettings withClientProperties(Map<String, String> properties) {
        return new KafkaSettings(bootstrapServers, groupId, tasksTopic, deadLetterTopic, eventsTopic, maxPollRecords,
                pollTimeout, sendTimeout, properties);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private static void requireTopic(String field, String value) {
        if (value == null || !TOPIC.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a Kafka topic name (1 to 249 of [A-Za-z0-9._-]), but was '"
                    + value + "'");
        }
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((key, value) -> shown.put(key, SENSITIVE.matcher(key).matches() ? "<masked>" : value));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", tasksTopic=" + tasksTopic
                + ", deadLetterTopic=" + deadLetterTopic + ", eventsTopic=" + eventsTopic + ", maxPollRecords="
                + maxPollRecords + ", pollTimeout=" + pollTimeout + ", sendTimeout=" + sendTimeout
                + ", clientProperties=" + shown + "]";
    }
}
