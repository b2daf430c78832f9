package dev.orgexport.schema.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.RecordChecks;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code export.failed}, version 1: the run is FAILED for good (attempts or age used up, or a
 * failure no retry fixes). Runs that only wait for a retry publish nothing.
 *
 * @param failureKind the classification, such as {@code CREDENTIALS_REJECTED}
 * @param message     the operator's explanation; never a secret or a token
 * @param attempt     the last attempt, from 1
 * @param workerId    the worker that recorded the failure
 * @param failedAt    when the run was recorded FAILED
 * @param traceId     the trace id of the task, for correlation
 */
@JsonPropertyOrder({"schema", "type", "runId", "orgId", "kind", "window", "attempt", "failureKind", "message",
        "workerId", "failedAt", "traceId"})
public record ExportFailed(
        @JsonProperty("schema") String schema,
        @JsonProperty("runId") UUID runId,
        @JsonProperty("orgId") String orgId,
        @JsonProperty("kind") ExportKind kind,
        @JsonProperty("window") TimeWindow window,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("failureKind") String failureKind,
        @JsonProperty("message") String message,
        @JsonProperty("workerId") String workerId,
        @JsonProperty("failedAt") Instant failedAt,
        @JsonProperty("traceId") String traceId) implements ExportEvent {

    public static final String SCHEMA_V1 = "orgexport.export-failed/1";
    public static final String TYPE = "export.failed";

    public ExportFailed {
        RecordChecks.requireSchema(SCHEMA_V1, schema);
        RecordChecks.requireRun(runId, orgId, kind, window);
        Objects.requireNonNull(failureKind, "failureKind is required");
        message = message == null ? "" : message;
        Objects.requireNonNull(workerId, "workerId is required");
        Objects.requireNonNull(failedAt, "failedAt is required");
    }

    /** @param failure the failure kind and message, kept together so they cannot be swapped */
    public static ExportFailed of(UUID runId, String orgId, ExportKind kind, TimeWindow window, int attempt,
                                  Failure failure, String workerId, Instant failedAt, String traceId) {
        return new ExportFailed(SCHEMA_V1, runId, orgId, kind, window, attempt, failure.kind(), failure.message(),
                workerId, failedAt, traceId);
    }

    /** A failure kind and its message. */
    public record Failure(String kind, String message) {
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
