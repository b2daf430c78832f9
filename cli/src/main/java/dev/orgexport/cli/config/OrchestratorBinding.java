package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.OrchestratorKeys.*;

import dev.orgexport.orchestrator.OrchestratorConfig;
import dev.orgexport.orchestrator.outbox.ProducerSettings;
import dev.orgexport.orchestrator.outbox.RelayConfig;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.sweep.SweeperConfig;
import java.util.Map;

/** Builds {@link OrchestratorConfig} and {@link RegistryConfig} from {@link OrchestratorKeys} and {@link KafkaKeys}. */
public final class OrchestratorBinding {

    private OrchestratorBinding() {
    }

    /** @param kafkaClientProperties the resolved {@code kafka.properties.*} ({@link KafkaBinding}) */
    public static OrchestratorConfig config(Configuration c, Map<String, String> kafkaClientProperties) {
        RegistryConfig registry = registry(c);
        return ConfigException.building(() -> new OrchestratorConfig(c.get(INSTANCE_ID),
                new SchedulerConfig(c.get(SCHEDULER_TICK), c.get(SCHEDULER_BATCH_SIZE)),
                new RelayConfig(c.get(RELAY_BATCH_SIZE), c.get(RELAY_POLL_INTERVAL), c.get(RELAY_BACKOFF_INITIAL),
                        c.get(RELAY_BACKOFF_MAX)),
                new SweeperConfig(c.get(SWEEPER_INTERVAL), c.get(SWEEPER_BATCH_SIZE), c.get(SWEEPER_OUTBOX_RETENTION),
                        c.get(SWEEPER_STRANDED_AFTER)),
                new ProducerSettings(c.get(KafkaKeys.BOOTSTRAP_SERVERS), c.get(KAFKA_CLIENT_ID), c.get(KAFKA_REQUEST_TIMEOUT),
                        c.get(KAFKA_DELIVERY_TIMEOUT), c.get(KAFKA_MAX_BLOCK), c.get(KAFKA_LINGER))
                        .withClientProperties(kafkaClientProperties),
                registry));
    }

    /** The limits an orgs.yaml is checked against: read by the orchestrator and by {@code orgs apply}. */
    public static RegistryConfig registry(Configuration c) {
        return ConfigException.building(() -> new RegistryConfig(c.get(REGISTRY_MIN_EVERY), c.get(REGISTRY_MAX_LAG),
                c.get(REGISTRY_MAX_CATCH_UP), c.get(REGISTRY_DEFAULT_LAG), c.get(REGISTRY_DEFAULT_CATCH_UP)));
    }
}
