package dev.orgexport.orchestrator;

import dev.orgexport.orchestrator.outbox.ProducerSettings;
import dev.orgexport.orchestrator.outbox.RelayConfig;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.sweep.SweeperConfig;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the orchestrator process is configured with; every part validates itself. The CLI
 * builds it from its configuration catalogue (keys and defaults in README.md's configuration
 * table and {@code orchestrator/README.md}). Nothing here is secret, so
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
}
