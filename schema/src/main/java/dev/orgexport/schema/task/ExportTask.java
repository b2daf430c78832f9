package dev.orgexport.schema.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The Kafka record on {@code orgexport.tasks}, version 1: "export this kind of data of this org
 * for this window". Keyed by org id. Never carries a secret, a token or a region: the worker
 * reads the org's current configuration from PostgreSQL. Unknown fields are ignored when
 * read, so producers may add fields; removing or renaming one needs a new schema version.
 */
@JsonPropertyOrder({"schema", "runId", "orgId", "kind", "window", "attempt", "enqueuedAt", "traceId"})
public record ExportTask(
        @JsonProperty("schema") String schema,
        @JsonProperty("runId") UUID runId,
        @JsonProperty("orgId") String orgId,
        @JsonProperty("kind") ExportKind kind,
        @JsonProperty("window") TimeWindow window,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("enqueuedAt") Instant enqueuedAt,
        @JsonProperty("traceId") String traceId) {

    public static final String SCHEMA_V1 = "orgexport.task/1";
    public static final String TOPIC = "orgexport.tasks";

    public ExportTask {
        RecordChecks.requireSchema(SCHEMA_V1, schema);
        RecordChecks.requireRun(runId, orgId, kind, window);
        if (orgId.isBlank()) {
            throw new IllegalArgumentException("orgId must not be blank");
        }
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 or more, but was " + attempt);
        }
        Objects.requireNonNull(enqueuedAt, "enqueuedAt is required");
        Objects.requireNonNull(traceId, "traceId is required");
    }

    public static ExportTask of(UUID runId, String orgId, ExportKind kind, TimeWindow window, int attempt,
                                Instant enqueuedAt, String traceId) {
        return new ExportTask(SCHEMA_V1, runId, orgId, kind, window, attempt, enqueuedAt, traceId);
    }
}
