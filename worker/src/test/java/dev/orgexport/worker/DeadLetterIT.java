package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.run.RunIds;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TaskCodec;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Records no worker can use go to the dead-letter topic with their original bytes and a reason,
 * get a {@code RejectTask} audit row, and are committed; the tasks around them complete. The
 * worker runs with one export slot, so it also pauses and resumes its partitions throughout.
 */
class DeadLetterIT {

    private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");

    private static WorkerStage stage(String name) {
        return WorkerStage.open(name, SimulatorConfig.builder()
                        .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(20), Duration.ofHours(1)))
                        .data(new SimulatorConfig.DataSizing(1, 4, 2, Duration.ZERO)),
                List.of(StageOrg.healthy("org-a", "us-east-1"), StageOrg.healthy("org-b", "eu-west-1"),
                        StageOrg.healthy("org-off", "us-east-1")));
    }

    private static TimeWindow hour(int n) {
        return new TimeWindow(T.plus(Duration.ofHours(n)), T.plus(Duration.ofHours(n + 1)));
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static void publishWithHeader(WorkerStage stage, String key, byte[] value) {
        java.util.Properties properties = new java.util.Properties();
        properties.put("bootstrap.servers", stage.workerConfig("x").build().kafka().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(stage.tasksTopic(), key.getBytes(StandardCharsets.UTF_8), value);
            record.headers().add("producer", "legacy-exporter".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void garbage_an_unknown_schema_and_an_unknown_org_are_dead_lettered_and_the_other_tasks_complete() {
        try (WorkerStage stage = stage("dlqthree")) {
            stage.startWorker(stage.workerConfig("worker-dlq").concurrency(1).build());
            List<UUID> good = new ArrayList<>();
            byte[] garbage = "{{ this is not json".getBytes(StandardCharsets.UTF_8);
            String unknownSchema = new String(new TaskCodec().write(ExportTask.of(RunIds.of("org-a",
                    ExportKind.USER_DETAILS, T), "org-a", ExportKind.USER_DETAILS, hour(0), 0, T, "t")),
                    StandardCharsets.UTF_8).replace("orgexport.task/1", "orgexport.task/9");
            ExportTask ghost = ExportTask.of(RunIds.of("org-ghost", ExportKind.AUDIT_EVENTS, T), "org-ghost",
                    ExportKind.AUDIT_EVENTS, hour(0), 0, T, "t-ghost");

            good.add(stage.enqueue("org-a", ExportKind.CONVERSATION_DETAILS, hour(0)).runId());
            publishWithHeader(stage, "org-a", garbage);
            good.add(stage.enqueue("org-b", ExportKind.USER_DETAILS, hour(0)).runId());
            stage.publishRaw("org-a", unknownSchema.getBytes(StandardCharsets.UTF_8));
            good.add(stage.enqueue("org-a", ExportKind.AUDIT_EVENTS, hour(1)).runId());
            stage.publish(ghost);
            good.add(stage.enqueue("org-b", ExportKind.CONVERSATION_DETAILS, hour(1)).runId());

            Await.until(Duration.ofSeconds(60), () -> "runs " + good.stream().map(id -> stage.run(id).state()).toList()
                    + ", dead letters " + stage.readAll(stage.dlqTopic()).size(), () ->
                    good.stream().allMatch(id -> stage.run(id).state() == RunState.SUCCEEDED)
                            && stage.readAll(stage.dlqTopic()).size() == 3);

            Map<String, ConsumerRecord<byte[], byte[]>> byReason = stage.readAll(stage.dlqTopic()).stream()
                    .collect(Collectors.toMap(r -> headers(r).get("orgexport.dlq.reason"), Function.identity()));
            assertThat(byReason).containsOnlyKeys("NOT_JSON", "UNKNOWN_SCHEMA", "UNKNOWN_ORG");
            ConsumerRecord<byte[], byte[]> notJson = byReason.get("NOT_JSON");
            assertThat(notJson.value()).isEqualTo(garbage);
            assertThat(new String(notJson.key(), StandardCharsets.UTF_8)).isEqualTo("org-a");
            assertThat(headers(notJson)).containsEntry("producer", "legacy-exporter")
                    .containsEntry("orgexport.dlq.worker", "worker-dlq")
                    .containsKeys("orgexport.dlq.message", "orgexport.dlq.source", "orgexport.dlq.rejected-at");
            assertThat(headers(notJson).get("orgexport.dlq.source")).startsWith(stage.tasksTopic() + "-");
            assertThat(new String(byReason.get("UNKNOWN_SCHEMA").value(), StandardCharsets.UTF_8)).isEqualTo(unknownSchema);
            assertThat(headers(byReason.get("UNKNOWN_ORG")).get("orgexport.dlq.message")).contains("org-ghost");

            List<AuditEvent> rejections = new PostgresAuditStore(stage.dataSource()).since(T, null, 100).stream()
                    .filter(e -> e.action().equals("RejectTask")).toList();
            assertThat(rejections).hasSize(3).allSatisfy(e -> {
                assertThat(e.serviceName()).isEqualTo("OrgExport");
                assertThat(e.status()).isEqualTo("FAILURE");
                assertThat(e.context().workerId()).isEqualTo("worker-dlq");
            });
            assertThat(rejections).extracting(e -> e.context().failureKind())
                    .containsExactlyInAnyOrder("NOT_JSON", "UNKNOWN_SCHEMA", "UNKNOWN_ORG");
            AuditEvent ghostRow = rejections.stream().filter(e -> e.context().failureKind().equals("UNKNOWN_ORG"))
                    .findFirst().orElseThrow();
            assertThat(ghostRow.orgId()).isEqualTo("org-ghost");
            assertThat(ghostRow.context().runId()).isEqualTo(ghost.runId());
        }
    }

    @Test
    void every_other_unusable_record_is_dead_lettered_with_its_own_reason() {
        try (WorkerStage stage = stage("dlqmore")) {
            stage.execute("UPDATE org SET enabled = false WHERE id = 'org-off'");
            stage.startWorker(stage.workerConfig("worker-dlq2").maxWindow(Duration.ofDays(2)).build());
            TaskCodec codec = new TaskCodec();

            stage.publishRaw("org-a", null);
            stage.publishRaw("org-a", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
            stage.publishRaw("org-a", "{\"schema\":\"orgexport.task/1\",\"orgId\":\"org-a\"}".getBytes(StandardCharsets.UTF_8));
            stage.publishRaw("org-a", new String(codec.write(ExportTask.of(RunIds.of("org-a", ExportKind.USER_DETAILS, T),
                    "org-a", ExportKind.USER_DETAILS, hour(0), 0, T, "t")), StandardCharsets.UTF_8)
                    .replace("\"attempt\":0", "\"attempt\":-3").getBytes(StandardCharsets.UTF_8));
            stage.publish(ExportTask.of(UUID.randomUUID(), "org-a", ExportKind.USER_DETAILS, hour(0), 0, T, "t"));
            TimeWindow week = new TimeWindow(T, T.plus(Duration.ofDays(7)));
            stage.publish(ExportTask.of(RunIds.of("org-a", ExportKind.USER_DETAILS, T), "org-a", ExportKind.USER_DETAILS,
                    week, 0, T, "t"));
            stage.publish(ExportTask.of(RunIds.of("org-off", ExportKind.USER_DETAILS, T), "org-off",
                    ExportKind.USER_DETAILS, hour(0), 0, T, "t"));
            stage.publish(ExportTask.of(RunIds.of("org-b", ExportKind.USER_DETAILS, T), "org-b",
                    ExportKind.USER_DETAILS, hour(0), 0, T, "t"));
            UUID after = stage.enqueue("org-b", ExportKind.AUDIT_EVENTS, hour(2)).runId();

            Await.until(Duration.ofSeconds(60), () -> "dead letters " + stage.readAll(stage.dlqTopic()).size(),
                    () -> stage.run(after).state() == RunState.SUCCEEDED && stage.readAll(stage.dlqTopic()).size() == 8);

            assertThat(stage.readAll(stage.dlqTopic())).extracting(r -> headers(r).get("orgexport.dlq.reason"))
                    .containsExactlyInAnyOrder("NOT_JSON", "NOT_JSON", "MISSING_FIELD", "INVALID_FIELD", "RUN_ID_MISMATCH",
                            "WINDOW_TOO_LONG", "ORG_DISABLED", "UNKNOWN_RUN");
            assertThat(new PostgresAuditStore(stage.dataSource()).since(T, null, 100))
                    .filteredOn(e -> e.action().equals("RejectTask")).hasSize(8);
        }
    }
}
