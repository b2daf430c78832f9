package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgexport.devstack.kafka.ChildClasspath;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.schema.event.ExportSucceeded;
import dev.orgexport.schema.json.Json;
import dev.orgexport.schema.run.PostgresRunQueueStore;
import dev.orgexport.schema.run.RequeuedRun;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.Truth;
import dev.orgexport.worker.sink.SinkSettings;
import dev.orgexport.worker.sink.s3.FaultProxy;
import dev.orgexport.worker.sink.s3.S3MockServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker with {@code worker.sink = s3} against a real S3-compatible server (S3Mock), the
 * simulator over HTTP, the embedded Kafka broker and PostgreSQL: two workers export a fleet; a
 * worker in a child JVM is killed with SIGKILL in the middle of a multipart upload and another
 * takes the run over; a late re-export is a new versioned object beside version 1.
 */
class S3SinkIT {

    private static final String BUCKET = "exports";
    private static S3MockServer s3;

    @BeforeAll
    static void startStore() {
        s3 = S3MockServer.start(BUCKET);
    }

    @AfterAll
    static void stopStore() {
        s3.close();
    }

    @Test
    void two_workers_put_every_window_and_its_manifest_in_the_bucket_and_nothing_else() {
        List<StageOrg> orgs = new ArrayList<>();
        List<String> regions = List.of("us-east-1", "eu-west-1", "ap-southeast-2");
        for (int i = 1; i <= 6; i++) {
            orgs.add(StageOrg.healthy(String.format("org-s3-%02d", i), regions.get(i % regions.size())));
        }
        List<TimeWindow> windows = List.of(
                new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-01T01:00:00Z")),
                new TimeWindow(Instant.parse("2024-05-01T01:00:00Z"), Instant.parse("2024-05-01T02:00:00Z")));
        try (WorkerStage stage = WorkerStage.open("s3fleet", SimulatorConfig.builder()
                .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(30), Duration.ofHours(1)))
                .data(new SimulatorConfig.DataSizing(5, 60, 4, Duration.ZERO)), orgs)) {
            SinkSettings sink = SinkSettings.s3(s3.settings(BUCKET).withPrefix("fleet"));
            WorkerEnvironment environment = withS3Secrets(stage, stage.environment());
            stage.startWorker(fleetConfig(stage, "s3-worker-1", sink), environment);
            stage.startWorker(fleetConfig(stage, "s3-worker-2", sink), withS3Secrets(stage, stage.environment()));
            awaitMembersWithPartitions(stage, 2);
            for (StageOrg org : orgs) {
                for (ExportKind kind : ExportKind.values()) {
                    for (TimeWindow window : windows) {
                        stage.enqueue(org.id(), kind, window);
                    }
                }
            }
            int expected = orgs.size() * ExportKind.values().length * windows.size();
            Await.until(Duration.ofMinutes(3), () -> states(stage).toString(),
                    () -> states(stage).getOrDefault(RunState.SUCCEEDED, 0L) == expected);

            List<Run> runs = stage.runs();
            assertThat(runs).hasSize(expected);
            List<String> expectedKeys = new ArrayList<>();
            for (Run run : runs) {
                String key = assertObjectMatchesTruth(stage, run, "fleet/");
                expectedKeys.add(key);
                expectedKeys.add(manifestKey(key));
            }
            assertThat(s3.keys(BUCKET).stream().filter(k -> k.startsWith("fleet/")).toList())
                    .as("every window's object and manifest, nothing else").containsExactlyInAnyOrderElementsOf(expectedKeys);
            assertThat(s3.unfinishedUploads(BUCKET)).isEmpty();

            List<ExportSucceeded> events = succeeded(stage);
            Map<java.util.UUID, Run> byId = runs.stream().collect(Collectors.toMap(Run::runId, r -> r));
            assertThat(events).hasSize(expected).allSatisfy(event -> {
                assertThat(event.location()).startsWith("s3://" + BUCKET + "/fleet/")
                        .isEqualTo(byId.get(event.runId()).result().location());
                assertThat(event.sha256()).isEqualTo(byId.get(event.runId()).result().sha256());
            });
            assertThat(events.stream().map(ExportSucceeded::workerId).collect(Collectors.toSet()))
                    .as("both workers exported").containsExactlyInAnyOrder("s3-worker-1", "s3-worker-2");
        }
    }

    @Test
    void a_worker_killed_mid_upload_leaves_no_object_and_the_run_completes_once_on_another_worker() throws Exception {
        StageOrg org = StageOrg.healthy("org-big", "us-east-1");
        // 10,000 records an hour over 4 hours: more than one 5 MiB part once compressed.
        TimeWindow window = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-01T04:00:00Z"));
        try (FaultProxy proxy = new FaultProxy(s3.endpoint(), request -> request.uploadPart() && request.partNumber() == 1
                ? FaultProxy.Fault.HOLD : FaultProxy.Fault.NONE);
             WorkerStage stage = WorkerStage.open("s3kill", SimulatorConfig.builder()
                     .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(30), Duration.ofHours(1)))
                     .data(new SimulatorConfig.DataSizing(10_000, 10_000, 50, Duration.ZERO)), List.of(org), false)) {
            Path log = Files.createTempFile("s3kill-child", ".log");
            Process child = startChild(stage, proxy.endpoint(), "kill", log);
            try {
                ExportTask task = stage.enqueue(org.id(), ExportKind.CONVERSATION_DETAILS, window);
                assertThat(proxy.awaitHolding(Duration.ofMinutes(2)))
                        .as("the child worker is uploading part 1 of its multipart upload; its log: %s", log).isTrue();

                Run running = stage.run(task.runId());
                assertThat(running.state()).isEqualTo(RunState.RUNNING);
                assertThat(running.leaseOwner()).isEqualTo("child-worker");
                String key = "kill/org-big/conversation-details/20240501T000000Z_20240501T040000Z.ndjson.gz";
                assertThat(s3.unfinishedUploads(BUCKET)).singleElement().satisfies(u -> assertThat(u).startsWith(key + "#"));

                child.destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
                proxy.release();
                assertThat(s3.keys(BUCKET).stream().filter(k -> k.startsWith("kill/")).toList())
                        .as("nothing visible after the kill").isEmpty();

                stage.startWorker(stage.workerConfig("worker-takes-over").pageSize(500)
                        .lease(Duration.ofSeconds(30), Duration.ofSeconds(5))
                        .sink(SinkSettings.s3(s3.settings(BUCKET).withPrefix("kill"))).build(),
                        withS3Secrets(stage, stage.environment()));
                Await.until(Duration.ofSeconds(60), () -> "lease until " + stage.run(task.runId()).leaseExpiresAt(),
                        () -> stage.run(task.runId()).leaseExpiresAt().isBefore(Instant.now()));
                stage.publish(task); // what the sweeper does for a RUNNING run whose lease expired
                Await.until(Duration.ofMinutes(3), () -> stage.run(task.runId()).toString(),
                        () -> stage.run(task.runId()).state() == RunState.SUCCEEDED);

                Run run = stage.run(task.runId());
                assertThat(run.attempt()).isEqualTo(2);
                assertThat(assertObjectMatchesTruth(stage, run, "kill/")).isEqualTo(key);
                assertThat(run.result().records()).as("about 10,000 an hour").isGreaterThan(30_000);
                JsonNode manifest = Json.mapper().readTree(s3.get(BUCKET, manifestKey(key)));
                assertThat(manifest.get("writer").asText()).isEqualTo("worker-takes-over");
                assertThat(s3.client().headObject(b -> b.bucket(BUCKET).key(key)).contentLength())
                        .as("a multipart object").isGreaterThan(5L * 1024 * 1024);
                assertThat(s3.keys(BUCKET).stream().filter(k -> k.startsWith("kill/")).toList())
                        .containsExactlyInAnyOrder(key, manifestKey(key));
                assertThat(s3.unfinishedUploads(BUCKET)).as("the dead upload was aborted by the next attempt").isEmpty();
                assertThat(succeeded(stage)).singleElement().satisfies(event -> {
                    assertThat(event.workerId()).isEqualTo("worker-takes-over");
                    assertThat(event.location()).isEqualTo("s3://" + BUCKET + "/" + key);
                });
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /**
     * A late re-export with {@code worker.sink = s3} (the contract of ReexportIT, in the bucket):
     * version 1, exported before the data settled, stays as it is; version 2 is its own
     * {@code .v2.ndjson.gz} object with its own {@code .v2.manifest.json}, both recorded on the run
     * ({@code export_run_version}); a re-export of unchanged data puts nothing new in the bucket.
     */
    @Test
    void a_re_export_after_late_changes_is_a_new_versioned_object_and_manifest_and_version_1_stays() throws Exception {
        OffsetClock clock = new OffsetClock();
        StageOrg org = StageOrg.healthy("org-reexport", "us-east-1");
        try (WorkerStage stage = WorkerStage.open("s3reexport", SimulatorConfig.builder()
                        .jobs(SimulatorConfig.JobTimings.quick(Duration.ofMillis(300)))
                        .data(SimulatorConfig.DataSizing.DEFAULT), List.of(org), false, clock)) {
            stage.startWorker(stage.workerConfig("s3-reexport-worker").settleMargin(Duration.ZERO)
                    .lease(Duration.ofSeconds(30), Duration.ofSeconds(5))
                    .sink(SinkSettings.s3(s3.settings(BUCKET).withPrefix("reexport"))).build(),
                    withS3Secrets(stage, stage.environment()));
            TimeWindow window = stage.unsettledConversationHour(org.id(), clock);
            ExportTask task = stage.enqueue(org.id(), ExportKind.CONVERSATION_DETAILS, window);
            Run first = awaitRun(stage, task, r -> r.state() == RunState.SUCCEEDED);
            Truth truth = stage.simulator().truth(org.id(), ExportKind.CONVERSATION_DETAILS, window.start(), window.end());
            assertThat(first.result().sha256()).as("exported before it settled: conversations still in progress")
                    .isNotEqualTo(truth.sha256());
            String firstKey = first.result().location().substring(("s3://" + BUCKET + "/").length());
            assertThat(firstKey).endsWith("Z.ndjson.gz");
            byte[] firstObject = s3.get(BUCKET, firstKey);
            byte[] firstManifest = s3.get(BUCKET, manifestKey(firstKey));
            assertThat(Json.mapper().readTree(firstManifest).get("version").asInt()).isEqualTo(1);

            clock.advance(Duration.ofHours(2));
            reexport(stage, task, clock);
            Run second = awaitRun(stage, task,
                    r -> r.state() == RunState.SUCCEEDED && r.result().location().endsWith(".v2.ndjson.gz"));

            String secondKey = assertObjectMatchesTruth(stage, second, "reexport/");
            assertThat(secondKey).isEqualTo(firstKey.replace(".ndjson.gz", ".v2.ndjson.gz"));
            JsonNode secondManifest = Json.mapper().readTree(s3.get(BUCKET, manifestKey(secondKey)));
            assertThat(manifestKey(secondKey)).endsWith(".v2.manifest.json");
            assertThat(secondManifest.get("version").asInt()).isEqualTo(2);
            assertThat(secondManifest.get("objectKey").asText()).isEqualTo(secondKey);
            assertThat(s3.get(BUCKET, firstKey)).as("version 1's object untouched").isEqualTo(firstObject);
            assertThat(s3.get(BUCKET, manifestKey(firstKey))).as("version 1's manifest untouched").isEqualTo(firstManifest);
            List<String> versions = versionRows(stage, task);
            assertThat(versions).as("both versions recorded on the run").hasSize(2);
            assertThat(versions).anySatisfy(row -> assertThat(row).contains(first.result().location()))
                    .anySatisfy(row -> assertThat(row).contains(second.result().location()));

            reexport(stage, task, clock);
            Run third = awaitRun(stage, task, r -> r.state() == RunState.SUCCEEDED);
            assertThat(third.result()).as("unchanged data: no new version").isEqualTo(second.result());
            assertThat(versionRows(stage, task)).hasSize(2);
            assertThat(s3.keys(BUCKET).stream().filter(k -> k.startsWith("reexport/")).toList())
                    .as("two versions, each with its manifest, nothing else")
                    .containsExactlyInAnyOrder(firstKey, manifestKey(firstKey), secondKey, manifestKey(secondKey));
            assertThat(s3.unfinishedUploads(BUCKET)).isEmpty();
        }
    }

    // ---- helpers ----

    /**
     * Leases long enough for a loaded machine: the worker renews only runs whose steps moved since
     * the last heartbeat, and on two shared cores a step (a page written, a part uploaded) can take
     * longer than the stage's 500 ms heartbeat.
     */
    private static WorkerConfig fleetConfig(WorkerStage stage, String workerId, SinkSettings sink) {
        return stage.workerConfig(workerId).lease(Duration.ofSeconds(30), Duration.ofSeconds(5)).sink(sink).build();
    }

    /** Both workers hold partitions before the tasks go out, so both export. */
    private static void awaitMembersWithPartitions(WorkerStage stage, int members) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stage.bootstrapServers()))) {
            Await.until(Duration.ofSeconds(60), () -> "group " + stage.groupId() + " not yet balanced", () -> {
                try {
                    return admin.describeConsumerGroups(List.of(stage.groupId())).all().get().get(stage.groupId()).members()
                            .stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count() == members;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (java.util.concurrent.ExecutionException e) {
                    return false;
                }
            });
        }
    }

    /** The stage's environment with the S3 credentials' references resolvable. */
    private static WorkerEnvironment withS3Secrets(WorkerStage stage, WorkerEnvironment environment) {
        Map<String, String> secrets = new HashMap<>(stage.orgSecrets());
        secrets.put("S3_TEST_KEY_ID", "test");
        secrets.put("S3_TEST_SECRET", "test");
        return new WorkerEnvironment(environment.dataSource(), environment.platform(), SecretResolver.of(secrets),
                environment.meters(), environment.clock(), environment.random());
    }

    private static Process startChild(WorkerStage stage, URI s3Endpoint, String prefix, Path log) throws IOException {
        FreshDatabase db = stage.freshDatabase();
        Properties p = new Properties();
        p.setProperty("jdbc.url", db.jdbcUrl());
        p.setProperty("jdbc.user", db.user());
        if (db.password() != null) {
            p.setProperty("jdbc.password", db.password());
        }
        p.setProperty("regions", stage.simulator().catalog().all().stream().map(r -> r.id()).collect(Collectors.joining(",")));
        p.setProperty("simulator.url", "http://127.0.0.1:" + stage.simulator().port());
        stage.orgSecrets().forEach((k, v) -> p.setProperty("secret." + k, v));
        p.setProperty("secret.S3_TEST_KEY_ID", "test");
        p.setProperty("secret.S3_TEST_SECRET", "test");
        p.setProperty("kafka.bootstrap", stage.bootstrapServers());
        p.setProperty("kafka.group", stage.groupId());
        p.setProperty("topic.tasks", stage.tasksTopic());
        p.setProperty("topic.dlq", stage.dlqTopic());
        p.setProperty("topic.events", stage.eventsTopic());
        p.setProperty("s3.endpoint", s3Endpoint.toString());
        p.setProperty("s3.bucket", BUCKET);
        p.setProperty("s3.prefix", prefix);
        p.setProperty("worker.id", "child-worker");
        p.setProperty("output", stage.outputRoot().toString());
        Path file = Files.createTempFile("child-s3-worker", ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "child worker of S3SinkIT");
        }
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", ChildClasspath.forMain(ChildS3Worker.class),
                ChildS3Worker.class.getName(), file.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Even if this JVM dies (out of memory, killed), the child does not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-child-s3-worker"));
        return process;
    }

    /** Checks the run's object against the run row and the simulator's truth, and its manifest; returns the key. */
    private static String assertObjectMatchesTruth(WorkerStage stage, Run run, String prefix) {
        assertThat(run.result()).as("result of %s", run.runId()).isNotNull();
        String uri = run.result().location();
        assertThat(uri).startsWith("s3://" + BUCKET + "/" + prefix);
        String key = uri.substring(("s3://" + BUCKET + "/").length());
        byte[] content;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(s3.get(BUCKET, key)))) {
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + uri, e);
        }
        long lines = 0;
        for (byte b : content) {
            lines += b == '\n' ? 1 : 0;
        }
        Truth truth = stage.simulator().truth(run.orgId(), run.kind(), run.window().start(), run.window().end());
        assertThat(lines).as("lines of %s", uri).isEqualTo(run.result().records()).isEqualTo(truth.records());
        assertThat(WorkerStage.sha256(content)).as("sha256 of %s", uri).isEqualTo(run.result().sha256())
                .isEqualTo(truth.sha256());
        assertThat((long) content.length).isEqualTo(run.result().bytes());
        JsonNode manifest;
        try {
            manifest = Json.mapper().readTree(s3.get(BUCKET, manifestKey(key)));
        } catch (IOException e) {
            throw new AssertionError("cannot parse the manifest of " + uri, e);
        }
        assertThat(manifest.get("runId").asText()).isEqualTo(run.runId().toString());
        assertThat(manifest.get("attempt").asInt()).isEqualTo(run.attempt());
        assertThat(manifest.get("objectUri").asText()).isEqualTo(uri);
        assertThat(manifest.get("records").asLong()).isEqualTo(truth.records());
        assertThat(manifest.get("sha256").asText()).isEqualTo(truth.sha256());
        return key;
    }

    /** What {@code orgexport backfill --reexport} does, with the stage standing in for the outbox relay. */
    private static void reexport(WorkerStage stage, ExportTask task, Clock clock) throws Exception {
        try (Connection connection = stage.dataSource().getConnection()) {
            List<RequeuedRun> runs = new PostgresRunQueueStore().reexportRange(connection, task.orgId(), task.kind(),
                    task.window().start(), task.window().end(), clock.instant());
            assertThat(runs).extracting(RequeuedRun::runId).containsExactly(task.runId());
        }
        stage.publish(task);
    }

    private static Run awaitRun(WorkerStage stage, ExportTask task, Predicate<Run> done) {
        Await.until(Duration.ofSeconds(60), () -> stage.run(task.runId()).toString(), () -> done.test(stage.run(task.runId())));
        return stage.run(task.runId());
    }

    private static List<String> versionRows(WorkerStage stage, ExportTask task) {
        return stage.tableText("export_run_version").lines().filter(line -> line.contains(task.runId().toString())).toList();
    }

    private static String manifestKey(String objectKey) {
        return objectKey.substring(0, objectKey.length() - ".ndjson.gz".length()) + ".manifest.json";
    }

    private static Map<RunState, Long> states(WorkerStage stage) {
        return stage.runs().stream().collect(Collectors.groupingBy(Run::state, Collectors.counting()));
    }

    private static List<ExportSucceeded> succeeded(WorkerStage stage) {
        List<ExportSucceeded> events = new ArrayList<>();
        for (ExportEvent event : stage.events()) { // as written to the outbox for the events topic
            if (event instanceof ExportSucceeded s) {
                events.add(s);
            }
        }
        return events;
    }

}
