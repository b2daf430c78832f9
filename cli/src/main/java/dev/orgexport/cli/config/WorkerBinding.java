package dev.orgexport.cli.config;

import dev.orgexport.worker.ConsumerLimits;
import dev.orgexport.worker.DispatchSettings;
import dev.orgexport.worker.KafkaSettings;
import dev.orgexport.worker.RetryPolicy;
import dev.orgexport.worker.WorkerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import dev.orgexport.worker.sink.SinkSettings;
import dev.orgexport.worker.sink.s3.S3Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
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
                            c.get(WorkerKeys.BACKLOG), c.get(WorkerKeys.ATTEMPT_DEADLINE), c.get(WorkerKeys.CALL_PATIENCE)))
                    .lease(c.get(WorkerKeys.LEASE), c.get(WorkerKeys.HEARTBEAT))
                    .jobPollInterval(c.get(WorkerKeys.JOB_POLL_INTERVAL))
                    .jobTimeout(c.get(WorkerKeys.JOB_TIMEOUT))
                    .pageSize(c.get(WorkerKeys.PAGE_SIZE))
                    .availabilityRecheck(c.get(WorkerKeys.AVAILABILITY_RECHECK))
                    .pausedRecheck(c.get(WorkerKeys.PAUSED_RECHECK))
                    .shutdownGrace(c.get(WorkerKeys.SHUTDOWN_GRACE))
                    .maxWindow(c.get(WorkerKeys.MAX_WINDOW))
                    .sink(sink(c))
                    .controlPoll(c.get(WorkerKeys.CONTROL_POLL))
                    .consumerLimits(new ConsumerLimits(c.get(WorkerKeys.CONSUMER_MAX_HANDOVER_ATTEMPTS),
                            c.get(WorkerKeys.CONSUMER_DLQ_MAX_VALUE_BYTES), c.get(WorkerKeys.CONSUMER_STALL_TIMEOUT)))
                    .paging(new WorkerConfig.Paging(c.get(WorkerKeys.SETTLE_MARGIN), c.get(WorkerKeys.MAX_PAGES_PER_JOB),
                            WorkerConfig.Paging.DEFAULT.maxBytes(), c.get(WorkerKeys.MAX_PARK)))
                    .build();
        });
    }

    /** {@code worker.sink} and {@code worker.s3.*}; S3 keys with the file sink are refused, not ignored. */
    static SinkSettings sink(Configuration c) {
        SinkSettings.Kind kind = SinkSettings.Kind.parse(c.get(SinkKeys.SINK));
        Duration abandoned = c.get(SinkKeys.S3_ABANDONED_UPLOAD_AGE);
        if (kind == SinkSettings.Kind.FILE) {
            if (c.find(SinkKeys.S3_BUCKET).isPresent()) {
                throw new IllegalArgumentException("worker.s3.bucket is set but worker.sink is file; set worker.sink = s3 "
                        + "or remove worker.s3.bucket");
            }
            return SinkSettings.FILE.withAbandonedUploadAge(abandoned);
        }
        String bucket = c.find(SinkKeys.S3_BUCKET).orElseThrow(() -> new IllegalArgumentException(
                "worker.sink is s3, so worker.s3.bucket must be set"));
        S3Settings s3 = new S3Settings(c.find(SinkKeys.S3_ENDPOINT).map(WorkerBinding::endpoint).orElse(null),
                c.get(SinkKeys.S3_REGION), bucket, c.find(SinkKeys.S3_PREFIX).orElse(""), c.get(SinkKeys.S3_PATH_STYLE),
                c.find(SinkKeys.S3_ACCESS_KEY_ID).orElse(null), c.find(SinkKeys.S3_SECRET_ACCESS_KEY).orElse(null),
                S3Settings.Encryption.parse(c.get(SinkKeys.S3_SSE)), c.find(SinkKeys.S3_SSE_KMS_KEY_ID).orElse(null),
                c.get(SinkKeys.S3_PART_SIZE), c.get(SinkKeys.S3_MAX_ATTEMPTS));
        return SinkSettings.s3(s3).withAbandonedUploadAge(abandoned);
    }

    private static URI endpoint(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("worker.s3.endpoint must be a URL such as http://minio:9000, but was '"
                    + text + "'");
        }
    }

    /** {@code <host>-<pid>}: unique among running workers without configuration. */
    private static String defaultWorkerId() {
        return hostWorkerId("", String.valueOf(ProcessHandle.current().pid()));
    }

    /**
     * {@code <prefix><host>-<suffix>}, the host name cut to 60 characters and every character
     * {@code worker.id} does not allow replaced by '-'.
     */
    public static String hostWorkerId(String prefix, String suffix) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        host = host.substring(0, Math.min(host.length(), 60));
        return (prefix + host + "-" + suffix).replaceAll("[^A-Za-z0-9._:@-]", "-");
    }
}
