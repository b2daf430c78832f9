package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Records that once stopped a worker for good (issue 11, H1): a NUL in any field of a task, bytes
 * that are not UTF-8, and a value far above the producer's request limit. Each gives exactly one
 * dead letter (row and DLQ record) and one audit row, the worker keeps consuming, and a second
 * consumer group reading the same records again adds nothing.
 */
class PoisonRecordIT {

    private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");
    private static final String NUL = "\\u0000";

    private static TimeWindow hour(int n) {
        return new TimeWindow(T.plus(Duration.ofHours(n)), T.plus(Duration.ofHours(n + 1)));
    }

    /** A valid task of org-a as JSON text, whose fields the cases below poison one at a time. */
    private static String taskJson(int hour) {
        ExportTask task = ExportTask.of(RunIds.of("org-a", ExportKind.USER_DETAILS, hour(hour).start()), "org-a",
                ExportKind.USER_DETAILS, hour(hour), 0, T, "trace-" + hour);
        return new String(new TaskCodec().write(task), StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> poisonedTasks() {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        String json = taskJson(0);
        cases.put("schema", json.replace("orgexport.task/1", "orgexport.task/1" + NUL).getBytes(StandardCharsets.UTF_8));
        cases.put("runId", json.replace("\"runId\":\"", "\"runId\":\"" + NUL).getBytes(StandardCharsets.UTF_8));
        cases.put("kind", json.replace("user-details", "user-details" + NUL).getBytes(StandardCharsets.UTF_8));
        cases.put("window.start", json.replace("\"start\":\"", "\"start\":\"" + NUL).getBytes(StandardCharsets.UTF_8));
        cases.put("window.end", json.replace("\"end\":\"", "\"end\":\"" + NUL).getBytes(StandardCharsets.UTF_8));
        cases.put("attempt", json.replace("\"attempt\":0", "\"attempt\":\"" + NUL + "\"").getBytes(StandardCharsets.UTF_8));
        cases.put("enqueuedAt", json.replace("\"enqueuedAt\":\"", "\"enqueuedAt\":\"" + NUL).getBytes(StandardCharsets.UTF_8));
        cases.put("traceId", json.replace("trace-0", "trace" + NUL + "0").getBytes(StandardCharsets.UTF_8));
        // The org id with a NUL and the run id derived from it, so the task is consistent and
        // would reach the org lookup in PostgreSQL.
        String nulOrg = "org-a\u0000b";
        String orgJson = new String(new TaskCodec().write(ExportTask.of(RunIds.of(nulOrg, ExportKind.USER_DETAILS, T),
                nulOrg, ExportKind.USER_DETAILS, hour(0), 0, T, "t")), StandardCharsets.UTF_8);
        assertThat(orgJson).contains(NUL);
        cases.put("orgId", orgJson.getBytes(StandardCharsets.UTF_8));
        // An unpaired surrogate in the org id, escaped in JSON (valid JSON, unstorable text).
        cases.put("orgId-surrogate", orgJson.replace(NUL, "\\ud800").getBytes(StandardCharsets.UTF_8));
        // A raw NUL byte inside the JSON text, and bytes that are not UTF-8 at all.
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        raw[raw.length / 2] = 0;
        cases.put("raw-nul-byte", raw);
        cases.put("invalid-utf8", new byte[] {'{', '"', 's', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ':', '1', '}'});
        return cases;
    }

    @Test
    void poison_records_are_dead_lettered_once_each_and_the_worker_keeps_consuming() {
        try (WorkerStage stage = WorkerStage.open("poison", SimulatorConfig.builder()
                        .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(20), Duration.ofHours(1)))
                        .data(new SimulatorConfig.DataSizing(1, 4, 2, Duration.ZERO)),
                List.of(StageOrg.healthy("org-a", "us-east-1")))) {
            stage.startWorker(stage.workerConfig("worker-poison").concurrency(2).build());
            UUID before = stage.enqueue("org-a", ExportKind.CONVERSATION_DETAILS, hour(0)).runId();
            // The run the poisoned tasks name exists, so a poisoned task read leniently would be claimed.
            stage.createRun("org-a", ExportKind.USER_DETAILS, hour(0));
            Map<String, byte[]> cases = poisonedTasks();
            cases.forEach((field, value) -> stage.publishRaw("org-a", value));
            // 3 MiB of JSON: the broker takes it compressed, the worker's producer could never send it whole.
            byte[] huge = ("{\"schema\":\"orgexport.task/1\",\"pad\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            publishCompressed(stage, huge);
            UUID after = stage.enqueue("org-a", ExportKind.AUDIT_EVENTS, hour(1)).runId();
            int expected = cases.size() + 1;

            Await.until(Duration.ofSeconds(90), () -> "dead letters " + stage.readAll(stage.dlqTopic()).size()
                            + " of " + expected + ", runs " + stage.run(before).state() + " " + stage.run(after).state(),
                    () -> stage.run(before).state() == RunState.SUCCEEDED && stage.run(after).state() == RunState.SUCCEEDED
                            && stage.readAll(stage.dlqTopic()).size() >= expected);

            List<ConsumerRecord<byte[], byte[]>> letters = stage.readAll(stage.dlqTopic());
            assertThat(letters).hasSize(expected);
            assertThat(letters).extracting(r -> headers(r).get("orgexport.dlq.source")).doesNotHaveDuplicates();
            assertThat(count(stage, "SELECT count(*) FROM dead_letter")).isEqualTo(expected);
            assertThat(count(stage, "SELECT count(*) FROM dead_letter WHERE published_at IS NULL")).isZero();
            assertThat(count(stage, "SELECT count(*) FROM audit_event WHERE action = 'RejectTask'")).isEqualTo(expected);
            assertThat(count(stage, "SELECT count(*) FROM audit_event WHERE action = 'RejectTask' AND text_sanitized"))
                    .as("audit rows whose text held NUL (the unknown schema's name) or a lone surrogate (an org id)")
                    .isEqualTo(2);
            assertThat(count(stage, "SELECT count(*) FROM dead_letter WHERE text_sanitized")).isEqualTo(2);
            assertThat(stage.tableText("audit_event")).doesNotContain("\u0000");

            ConsumerRecord<byte[], byte[]> cut = letters.stream()
                    .filter(r -> "true".equals(headers(r).get("orgexport.dlq.truncated"))).findFirst().orElseThrow();
            assertThat(cut.value()).hasSize(ConsumerLimitsDefaults.DLQ_MAX);
            assertThat(headers(cut)).containsEntry("orgexport.dlq.original-size", Integer.toString(huge.length))
                    .containsEntry("orgexport.dlq.original-sha256", WorkerStage.sha256(huge));
            assertThat(stage.run(RunIds.of("org-a", ExportKind.USER_DETAILS, T)).state()).isEqualTo(RunState.QUEUED);
            assertThat(count(stage, "SELECT count(*) FROM dead_letter WHERE value_truncated AND value_size = "
                    + huge.length)).isEqualTo(1);

            // Every record again, through another consumer group: all known, nothing added.
            stage.startWorker(stage.workerConfig("worker-replay").kafka(stage.workerConfig("x").build().kafka()
                    .withGroupId("poison-replay").withPolling(50, Duration.ofMillis(100))).build());
            UUID last = stage.enqueue("org-a", ExportKind.AUDIT_EVENTS, hour(2)).runId();
            Await.until(Duration.ofSeconds(60), () -> "last run " + stage.run(last).state(),
                    () -> stage.run(last).state() == RunState.SUCCEEDED);
            assertThat(stage.readAll(stage.dlqTopic())).hasSize(expected);
            assertThat(count(stage, "SELECT count(*) FROM dead_letter")).isEqualTo(expected);
            assertThat(count(stage, "SELECT count(*) FROM audit_event WHERE action = 'RejectTask'")).isEqualTo(expected);
        }
    }

    /** The default DLQ value limit, named once for the assertion. */
    private static final class ConsumerLimitsDefaults {
        static final int DLQ_MAX = ConsumerLimits.DEFAULT_DLQ_MAX_VALUE_BYTES;
    }

    private static void publishCompressed(WorkerStage stage, byte[] value) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", stage.workerConfig("x").build().kafka().bootstrapServers());
        properties.put("compression.type", "gzip");
        properties.put("max.request.size", Integer.toString(8 * 1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(stage.tasksTopic(), "org-a".getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(WorkerStage stage, String sql) {
        String text = stage.query(sql);
        return Long.parseLong(text.trim());
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
