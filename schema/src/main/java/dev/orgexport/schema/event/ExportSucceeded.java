package dev.orgexport.schema.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.RecordChecks;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code export.succeeded}, version 1: the run's file is in place. {@code records},
 * {@code bytes} and {@code sha256} describe the uncompressed NDJSON (one compact JSON record
 * per line, each line ending in a newline), so a consumer can verify the file after
 * decompressing it.
 *
 * @param location   the absolute path of the {@code .ndjson.gz} file, or its {@code s3://bucket/key} URI (S3 sink)
 * @param records    lines in the file
 * @param bytes      bytes of the uncompressed NDJSON
 * @param sha256     lowercase hex SHA-256 of the uncompressed NDJSON
 * @param attempt    the attempt that succeeded, from 1
 * @param workerId   the worker that wrote the file
 * @param finishedAt when the run was recorded SUCCEEDED
 * @param traceId    the trace id of the task, for correlation
 */
@JsonPropertyOrder({"schema", "type", "runId", "orgId", "kind", "window", "attempt", "location", "records", "bytes",
        "sha256", "workerId", "finishedAt", "traceId"})
public record ExportSucceeded(
        @JsonProperty("schema") String schema,
        @JsonProperty("runId") UUID runId,
        @JsonProperty("orgId") String orgId,
        @JsonProperty("kind") ExportKind kind,
        @JsonProperty("window") TimeWindow window,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("location") String location,
        @JsonProperty("records") long records,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("workerId") String workerId,
        @JsonProperty("finishedAt") Instant finishedAt,
        @JsonProperty("traceId") String traceId) implements ExportEvent {

    public static final String SCHEMA_V1 = "orgexport.export-succeeded/1";
    public static final String TYPE = "export.succeeded";

    public ExportSucceeded {
        RecordChecks.requireSchema(SCHEMA_V1, schema);
        RecordChecks.requireRun(runId, orgId, kind, window);
        Objects.requireNonNull(location, "location is required");
        if (records < 0 || bytes < 0) {
            throw new IllegalArgumentException("records and bytes must be 0 or more, but were " + records + " and " + bytes);
        }
        Objects.requireNonNull(sha256, "sha256 is required");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, but was '" + sha256 + "'");
        }
        Objects.requireNonNull(workerId, "workerId is required");
        Objects.requireNonNull(finishedAt, "finishedAt is required");
    }

    public static ExportSucceeded of(UUID runId, String orgId, ExportKind kind, TimeWindow window, int attempt,
                                     FileFacts file, String workerId, Instant finishedAt, String traceId) {
        return new ExportSucceeded(SCHEMA_V1, runId, orgId, kind, window, attempt, file.location(), file.records(),
                file.bytes(), file.sha256(), workerId, finishedAt, traceId);
    }

    /** The written file as the event describes it; keeps {@link #of} short and its longs apart. */
    public record FileFacts(String location, long records, long bytes, String sha256) {
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    @JsonIgnore
    public FileFacts file() {
        return new FileFacts(location, records, bytes, sha256);
    }
}
