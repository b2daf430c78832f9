package dev.orgexport.orchestrator;

import dev.orgexport.orchestrator.outbox.ProducerSettings;
import dev.orgexport.orchestrator.outbox.RelayConfig;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.sweep.SweeperConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything the orchestrator process is configured with; every part validates itself. The keys
 * and defaults are listed in {@code orchestrator/README.md}. Nothing here is secret, so
 * {@link #toString()} is safe to log.
 *
 * @param instanceId {@code orchestrator.instance-id}: names this instance's threads, log lines and
 *                   Kafka client id; letters, digits, '.', '_', '-' (default {@code orchestrator})
 */
public record OrchestratorConfig(String instanceId, SchedulerConfig scheduler, RelayConfig relay, SweeperConfig sweeper,
                                 ProducerSettings kafka, RegistryConfig registry) {

    public static final String DEFAULT_INSTANCE_ID = "orchestrator";
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public OrchestratorConfig {
        Objects.requireNonNull(instanceId, "orchestrator.instance-id must be set");
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("orchestrator.instance-id must be 1 to 64 letters, digits, '.', '_' or '-', "
                    + "but was '" + instanceId + "'");
        }
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(sweeper, "sweeper");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
    }

    /** The defaults, with the given Kafka bootstrap servers. */
    public static OrchestratorConfig defaults(String bootstrapServers) {
        return new OrchestratorConfig(DEFAULT_INSTANCE_ID, SchedulerConfig.defaults(), RelayConfig.defaults(),
                SweeperConfig.defaults(), ProducerSettings.of(bootstrapServers), RegistryConfig.defaults());
    }

    /**
     * Reads the keys of {@code orchestrator/README.md} from flat properties (a config file plus
     * environment overrides, merged by the caller); a missing key takes its default. Durations
     * are ISO-8601 ({@code PT5S}). Other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key, the rule and the value
     */
    public static OrchestratorConfig fromProperties(Map<String, String> properties) {
        Function<String, String> get = properties::get;
        SchedulerConfig scheduler = new SchedulerConfig(
                duration(get, "orchestrator.scheduler.tick", SchedulerConfig.DEFAULT_TICK),
                integer(get, "orchestrator.scheduler.batch-size", SchedulerConfig.DEFAULT_BATCH_SIZE));
        RelayConfig relay = new RelayConfig(
                integer(get, "orchestrator.relay.batch-size", RelayConfig.DEFAULT_BATCH_SIZE),
                duration(get, "orchestrator.relay.poll-interval", RelayConfig.DEFAULT_POLL_INTERVAL),
                duration(get, "orchestrator.relay.backoff-initial", RelayConfig.DEFAULT_BACKOFF_INITIAL),
                duration(get, "orchestrator.relay.backoff-max", RelayConfig.DEFAULT_BACKOFF_MAX));
        SweeperConfig sweeper = new SweeperConfig(
                duration(get, "orchestrator.sweeper.interval", SweeperConfig.DEFAULT_INTERVAL),
                integer(get, "orchestrator.sweeper.batch-size", SweeperConfig.DEFAULT_BATCH_SIZE),
                duration(get, "orchestrator.sweeper.outbox-retention", SweeperConfig.DEFAULT_OUTBOX_RETENTION));
        ProducerSettings kafka = new ProducerSettings(
                properties.get("kafka.bootstrap-servers"),
                properties.getOrDefault("kafka.client-id", ProducerSettings.DEFAULT_CLIENT_ID),
                duration(get, "kafka.producer.request-timeout", ProducerSettings.DEFAULT_REQUEST_TIMEOUT),
                duration(get, "kafka.producer.delivery-timeout", ProducerSettings.DEFAULT_DELIVERY_TIMEOUT),
                duration(get, "kafka.producer.max-block", ProducerSettings.DEFAULT_MAX_BLOCK),
                duration(get, "kafka.producer.linger", ProducerSettings.DEFAULT_LINGER));
        RegistryConfig registry = new RegistryConfig(
                duration(get, "registry.min-every", RegistryConfig.DEFAULT_MIN_EVERY),
                duration(get, "registry.max-lag", RegistryConfig.DEFAULT_MAX_LAG),
                duration(get, "registry.max-catch-up", RegistryConfig.DEFAULT_MAX_CATCH_UP),
                duration(get, "registry.default-lag", RegistryConfig.DEFAULT_LAG),
                duration(get, "registry.default-catch-up", RegistryConfig.DEFAULT_CATCH_UP));
        return new OrchestratorConfig(properties.getOrDefault("orchestrator.instance-id", DEFAULT_INSTANCE_ID),
                scheduler, relay, sweeper, kafka, registry);
    }

    private static Duration duration(Function<String, String> properties, String key, Duration fallback) {
        String value = properties.apply(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT5S, but was '" + value + "'", e);
        }
    }

    private static int integer(Function<String, String> properties, String key, int fallback) {
        String value = properties.apply(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, but was '" + value + "'", e);
        }
    }
}
