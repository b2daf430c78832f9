package dev.orgexport.schema.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.schema.task.InvalidTaskException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TaskCodecTest {

    private final TaskCodec codec = new TaskCodec();

    @Test
    void a_written_task_reads_back_equal() {
        ExportTask task = ExportTask.of(UUID.randomUUID(), "org-1", ExportKind.AUDIT_EVENTS,
                new TimeWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z")),
                2, Instant.parse("2026-01-01T01:10:00Z"), "trace");

        assertThat(codec.read(codec.write(task))).isEqualTo(task);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "garbage bytes            | not json at all                                  | NOT_JSON",
        "a JSON array             | [1,2,3]                                          | NOT_JSON",
        "no schema                | {\"runId\":\"x\"}                                | MISSING_FIELD",
        "an unknown schema        | {\"schema\":\"orgexport.task/9\"}                | UNKNOWN_SCHEMA",
        "a missing org            | {\"schema\":\"orgexport.task/1\",\"runId\":\"3f1c2a9e-4b7d-3c11-9a55-1d2e3f4a5b6c\",\"kind\":\"user-details\",\"window\":{\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2026-01-01T01:00:00Z\"},\"attempt\":0,\"enqueuedAt\":\"2026-01-01T01:00:00Z\",\"traceId\":\"t\"} | MISSING_FIELD",
        "an unknown kind          | {\"schema\":\"orgexport.task/1\",\"runId\":\"3f1c2a9e-4b7d-3c11-9a55-1d2e3f4a5b6c\",\"orgId\":\"o\",\"kind\":\"payroll\",\"window\":{\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2026-01-01T01:00:00Z\"},\"attempt\":0,\"enqueuedAt\":\"2026-01-01T01:00:00Z\",\"traceId\":\"t\"} | INVALID_FIELD",
        "a window ending early    | {\"schema\":\"orgexport.task/1\",\"runId\":\"3f1c2a9e-4b7d-3c11-9a55-1d2e3f4a5b6c\",\"orgId\":\"o\",\"kind\":\"user-details\",\"window\":{\"start\":\"2026-01-01T01:00:00Z\",\"end\":\"2026-01-01T00:00:00Z\"},\"attempt\":0,\"enqueuedAt\":\"2026-01-01T01:00:00Z\",\"traceId\":\"t\"} | INVALID_FIELD",
        "a run id that is no UUID | {\"schema\":\"orgexport.task/1\",\"runId\":\"nope\",\"orgId\":\"o\",\"kind\":\"user-details\",\"window\":{\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2026-01-01T01:00:00Z\"},\"attempt\":0,\"enqueuedAt\":\"2026-01-01T01:00:00Z\",\"traceId\":\"t\"} | INVALID_FIELD",
    })
    void unusable_records_are_rejected_with_a_reason(String description, String value, Reason reason) {
        assertThatThrownBy(() -> codec.read(value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidTaskException.class)
                .satisfies(e -> assertThat(((InvalidTaskException) e).reason()).as(description).isEqualTo(reason));
    }

    @Test
    void an_empty_record_is_not_json() {
        assertThatThrownBy(() -> codec.read(new byte[0]))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("empty");
    }
}
