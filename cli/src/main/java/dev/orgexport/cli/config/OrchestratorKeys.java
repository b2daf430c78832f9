package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.Role.OPERATOR;
import static dev.orgexport.cli.config.Role.ORCHESTRATOR;

import dev.orgexport.orchestrator.OrchestratorConfig;
import dev.orgexport.orchestrator.outbox.ProducerSettings;
import dev.orgexport.orchestrator.outbox.RelayConfig;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.sweep.SweeperConfig;
import java.time.Duration;

/**
 * {@code orchestrator.*} and {@code registry.*}: the orchestrator process, and the limits an
 * {@code orgs.yaml} is checked against (by the orchestrator's {@code --registry} and by
 * {@code orgs apply}). Ranges are checked by the orchestrator's config records; bound by
 * {@link OrchestratorBinding}.
 */
public final class OrchestratorKeys {

    public static final Key<String> INSTANCE_ID = Key.of("orchestrator.instance-id", ValueType.TEXT,
            OrchestratorConfig.DEFAULT_INSTANCE_ID, "This orchestrator's name in logs, thread names and Kafka client id "
                    + "(1-64 of [A-Za-z0-9._-]).", ORCHESTRATOR);
    public static final Key<Duration> SCHEDULER_TICK = Key.of("orchestrator.scheduler.tick", ValueType.DURATION,
            SchedulerConfig.DEFAULT_TICK, "How often due schedules are turned into runs (100 ms - 10 min).", ORCHESTRATOR);
    public static final Key<Integer> SCHEDULER_BATCH_SIZE = Key.of("orchestrator.scheduler.batch-size", ValueType.INTEGER,
            SchedulerConfig.DEFAULT_BATCH_SIZE, "Due schedules handled per transaction (1-10000).", ORCHESTRATOR);
    public static final Key<Integer> RELAY_BATCH_SIZE = Key.of("orchestrator.relay.batch-size", ValueType.INTEGER,
            RelayConfig.DEFAULT_BATCH_SIZE, "Outbox rows published per relay round (1-10000).", ORCHESTRATOR);
    public static final Key<Duration> RELAY_POLL_INTERVAL = Key.of("orchestrator.relay.poll-interval", ValueType.DURATION,
            RelayConfig.DEFAULT_POLL_INTERVAL, "How often the outbox relay looks for unpublished tasks when idle "
                    + "(10 ms - 1 min).", ORCHESTRATOR);
    public static final Key<Duration> RELAY_BACKOFF_INITIAL = Key.of("orchestrator.relay.backoff-initial",
            ValueType.DURATION, RelayConfig.DEFAULT_BACKOFF_INITIAL, "Wait after a failed relay round (Kafka unreachable), "
                    + "doubled per further failure (10 ms - 1 min).", ORCHESTRATOR);
    public static final Key<Duration> RELAY_BACKOFF_MAX = Key.of("orchestrator.relay.backoff-max", ValueType.DURATION,
            RelayConfig.DEFAULT_BACKOFF_MAX, "Longest wait between failed relay rounds (backoff-initial - 10 min).",
            ORCHESTRATOR);
    public static final Key<Duration> SWEEPER_INTERVAL = Key.of("orchestrator.sweeper.interval", ValueType.DURATION,
            SweeperConfig.DEFAULT_INTERVAL, "How often waiting runs whose time has come, and runs with an expired lease, "
                    + "are queued again (100 ms - 10 min).", ORCHESTRATOR);
    public static final Key<Integer> SWEEPER_BATCH_SIZE = Key.of("orchestrator.sweeper.batch-size", ValueType.INTEGER,
            SweeperConfig.DEFAULT_BATCH_SIZE, "Runs re-queued per case and round, and outbox rows deleted per round.",
            ORCHESTRATOR);
    public static final Key<Duration> SWEEPER_OUTBOX_RETENTION = Key.of("orchestrator.sweeper.outbox-retention",
            ValueType.DURATION, SweeperConfig.DEFAULT_OUTBOX_RETENTION, "How long published outbox rows are kept for "
                    + "inspection (1 min - 90 days).", ORCHESTRATOR);
    public static final Key<Duration> SWEEPER_STRANDED_AFTER = Key.of("orchestrator.sweeper.stranded-after",
            ValueType.DURATION, SweeperConfig.DEFAULT_STRANDED_AFTER, "A QUEUED run no worker claimed for this long gets "
                    + "its task published again; a duplicate task is skipped at the claim (1 s - 30 days).", ORCHESTRATOR);

    public static final Key<String> KAFKA_CLIENT_ID = Key.of("orchestrator.kafka.client-id", ValueType.TEXT,
            ProducerSettings.DEFAULT_CLIENT_ID, "Client id prefix of the task producer (the instance id is appended).",
            ORCHESTRATOR);
    public static final Key<Duration> KAFKA_REQUEST_TIMEOUT = Key.of("orchestrator.kafka.request-timeout",
            ValueType.DURATION, ProducerSettings.DEFAULT_REQUEST_TIMEOUT, "One produce request's timeout (1 s - 5 min).",
            ORCHESTRATOR);
    public static final Key<Duration> KAFKA_DELIVERY_TIMEOUT = Key.of("orchestrator.kafka.delivery-timeout",
            ValueType.DURATION, ProducerSettings.DEFAULT_DELIVERY_TIMEOUT, "How long a task record may take, retries "
                    + "included, before its send fails (linger + request timeout - 10 min).", ORCHESTRATOR);
    public static final Key<Duration> KAFKA_MAX_BLOCK = Key.of("orchestrator.kafka.max-block", ValueType.DURATION,
            ProducerSettings.DEFAULT_MAX_BLOCK, "How long a send may wait for metadata when Kafka is unreachable "
                    + "(100 ms - 5 min).", ORCHESTRATOR);
    public static final Key<Duration> KAFKA_LINGER = Key.of("orchestrator.kafka.linger", ValueType.DURATION,
            ProducerSettings.DEFAULT_LINGER, "Producer batching delay (0 - 1 s).", ORCHESTRATOR);

    public static final Key<Duration> REGISTRY_MIN_EVERY = Key.of("registry.min-every", ValueType.DURATION,
            RegistryConfig.DEFAULT_MIN_EVERY, "The shortest `every` an orgs.yaml may give.", ORCHESTRATOR, OPERATOR);
    public static final Key<Duration> REGISTRY_MAX_LAG = Key.of("registry.max-lag", ValueType.DURATION,
            RegistryConfig.DEFAULT_MAX_LAG, "The longest `lag` an orgs.yaml may give.", ORCHESTRATOR, OPERATOR);
    public static final Key<Duration> REGISTRY_MAX_CATCH_UP = Key.of("registry.max-catch-up", ValueType.DURATION,
            RegistryConfig.DEFAULT_MAX_CATCH_UP, "The longest `catchUp` an orgs.yaml may give.", ORCHESTRATOR, OPERATOR);
    public static final Key<Duration> REGISTRY_DEFAULT_LAG = Key.of("registry.default-lag", ValueType.DURATION,
            RegistryConfig.DEFAULT_LAG, "`lag` of an export that gives none.", ORCHESTRATOR, OPERATOR);
    public static final Key<Duration> REGISTRY_DEFAULT_CATCH_UP = Key.of("registry.default-catch-up", ValueType.DURATION,
            RegistryConfig.DEFAULT_CATCH_UP, "`catchUp` of an export that gives none.", ORCHESTRATOR, OPERATOR);

    private OrchestratorKeys() {
    }
}
