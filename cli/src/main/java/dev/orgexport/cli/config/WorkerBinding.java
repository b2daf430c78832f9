package dev.orgexport.cli.config;

import dev.orgexport.worker.DispatchSettings;
import dev.orgexport.worker.KafkaSettings;
import dev.orgexport.worker.RetryPolicy;
import dev.orgexport.worker.WorkerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;

/** Builds {@link WorkerConfig} from {@link WorkerKeys} and {@link KafkaKeys}. */
public final class WorkerBinding {

    private WorkerBinding() {
    }

    /** @param kafkaClientProperties the resolved {@code kafka.properties.*} ({@link KafkaBinding}) */
    public static WorkerConfig config(Configuration c, Map<String, String> kafkaClientProperties) {
        String workerId = c.find(WorkerKeys.ID).orElseGet(WorkerBinding::defaultWorkerId);
        String bootstrapServers = c.get(KafkaKeys.BOOTSTRAP_SERVERS);
        return ConfigException.building(() -> {
            KafkaSettings kafka = new KafkaSettings(bootstrapServers, c.get(WorkerKeys.KAFKA_GROUP_ID),
                    KafkaSettings.DEFAULT_TASKS_TOPIC, KafkaSettings.DEFAULT_DLQ_TOPIC, KafkaSettings.DEFAULT_EVENTS_TOPIC,
                    c.get(WorkerKeys.KAFKA_MAX_POLL_RECORDS), c.get(WorkerKeys.KAFKA_POLL_TIMEOUT),
                    c.get(WorkerKeys.KAFKA_SEND_TIMEOUT), kafkaClientProperties);
            RetryPolicy retry = new RetryPolicy(c.get(WorkerKeys.RETRY_MAX_ATTEMPTS), c.get(WorkerKeys.RETRY_MAX_AGE),
                    c.get(WorkerKeys.RETRY_INITIAL_BACKOFF), c.get(WorkerKeys.RETRY_MAX_BACKOFF),
                    c.get(WorkerKeys.RETRY_MULTIPLIER), c.get(WorkerKeys.RETRY_JITTER));
            return WorkerConfig.builder(workerId, bootstrapServers, Path.of(c.get(WorkerKeys.OUTPUT_ROOT)))
                    .kafka(kafka)
                    .retry(retry)
                    .concurrency(c.get(WorkerKeys.CONCURRENCY))
                    .dispatch(new DispatchSettings(c.get(WorkerKeys.EXPORT_THREADS), c.get(WorkerKeys.ORG_CONCURRENCY),
                            c.get(WorkerKeys.BACKLOG), c.get(WorkerKeys.ATTEMPT_DEADLINE)))
                    .lease(c.get(WorkerKeys.LEASE), c.get(WorkerKeys.HEARTBEAT))
                    .jobPollInterval(c.get(WorkerKeys.JOB_POLL_INTERVAL))
                    .jobTimeout(c.get(WorkerKeys.JOB_TIMEOUT))
                    .pageSize(c.get(WorkerKeys.PAGE_SIZE))
                    .availabilityRecheck(c.get(WorkerKeys.AVAILABILITY_RECHECK))
                    .pausedRecheck(c.get(WorkerKeys.PAUSED_RECHECK))
                    .shutdownGrace(c.get(WorkerKeys.SHUTDOWN_GRACE))
                    .maxWindow(c.get(WorkerKeys.MAX_WINDOW))
                    .build();
        });
    }

    /** {@code <host>-<pid>}: unique among running workers without configuration. */
    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._:@-]", "-");
    }
}
