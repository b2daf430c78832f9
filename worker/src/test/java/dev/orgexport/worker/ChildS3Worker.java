package dev.orgexport.worker;

import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.region.BaseUrls;
import dev.orgexport.platform.region.RegionSettings;
import dev.orgexport.platform.resilience.RateLimitSettings;
import dev.orgexport.platform.resilience.ResilienceSettings;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.worker.sink.SinkSettings;
import dev.orgexport.worker.sink.s3.S3Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * A worker with the S3 sink in a JVM of its own, so that a test can kill it with SIGKILL in the
 * middle of an upload. Everything comes from a properties file the test writes; it runs until
 * it is killed.
 */
public final class ChildS3Worker {

    private ChildS3Worker() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(in);
        }
        Database database = Database.open(new DatabaseConfig(p.getProperty("jdbc.url"), p.getProperty("jdbc.user"),
                p.getProperty("jdbc.password"), 5, Duration.ofSeconds(10)));
        RegionSettings regions = RegionSettings.defaults();
        for (String region : p.getProperty("regions").split(",")) {
            regions = regions.withBaseUrls(region, BaseUrls.both(p.getProperty("simulator.url") + "/" + region));
        }
        PlatformSettings platform = PlatformSettings.defaults().withRegions(regions).withResilience(
                ResilienceSettings.defaults().withRateLimit(RateLimitSettings.defaults().withBudget(60_000, Duration.ofMinutes(1))));
        Map<String, String> secrets = new HashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("secret."))
                .forEach(k -> secrets.put(k.substring("secret.".length()), p.getProperty(k)));
        String bootstrap = p.getProperty("kafka.bootstrap");
        S3Settings s3 = S3Settings.of(p.getProperty("s3.bucket")).withEndpoint(URI.create(p.getProperty("s3.endpoint")), true)
                .withPrefix(p.getProperty("s3.prefix")).withPartSize(S3Settings.MIN_PART_SIZE)
                .withCredentials(dev.orgexport.platform.secret.SecretRef.parse("env:S3_TEST_KEY_ID"),
                        dev.orgexport.platform.secret.SecretRef.parse("env:S3_TEST_SECRET"));
        WorkerConfig config = WorkerConfig.builder(p.getProperty("worker.id"), bootstrap, Path.of(p.getProperty("output")))
                .kafka(KafkaSettings.defaults(bootstrap)
                        .withTopics(p.getProperty("topic.tasks"), p.getProperty("topic.dlq"), p.getProperty("topic.events"))
                        .withGroupId(p.getProperty("kafka.group"))
                        .withPolling(50, Duration.ofMillis(100)))
                .jobPollInterval(Duration.ofMillis(50))
                .pageSize(500)
                .lease(Duration.ofSeconds(30), Duration.ofSeconds(10))
                .sink(SinkSettings.s3(s3))
                .build();
        Worker.start(config, new WorkerEnvironment(database.dataSource(), platform, SecretResolver.of(secrets),
                new SimpleMeterRegistry(), Clock.systemUTC(), new SplittableRandom()));
        System.out.println("CHILD WORKER STARTED");
        Thread.sleep(Long.MAX_VALUE); // test code: the test kills this process
    }
}
