package dev.orgexport.worker.sink.s3;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a loader reads instead of listing the bucket: one JSON object per window, written after the
 * export object is in place, so a manifest always names a complete object. {@code sha256},
 * {@code records} and {@code bytes} describe the uncompressed NDJSON (as on the run and in
 * {@code export.succeeded}); {@code objectChecksumSha256} is the object's own checksum as S3
 * reports it (base64, {@code -N} for N parts), for a loader that verifies the download.
 * {@code version} is the window's export version (1, or N of a re-export's {@code .v<N>} key).
 */
@JsonPropertyOrder({"formatVersion", "runId", "attempt", "orgId", "kind", "windowStart", "windowEnd", "version",
        "objectKey", "objectUri", "records", "bytes", "sha256", "objectChecksumSha256", "exportedAt", "writer"})
public record Manifest(int formatVersion, UUID runId, int attempt, String orgId, String kind, Instant windowStart,
                       Instant windowEnd, int version, String objectKey, String objectUri, long records, long bytes,
                       String sha256, String objectChecksumSha256, Instant exportedAt, String writer) {

    public static final int FORMAT_VERSION = 1;
    /** Next to the export: {@code <prefix>/<org>/<kind>/<windowStart>_<windowEnd>[.v<N>].manifest.json}. */
    public static final String SUFFIX = ".manifest.json";

    public Manifest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(objectChecksumSha256, "objectChecksumSha256");
    }

    /**
     * Same export: the same run and attempt put the same content there. Export time and writer may
     * differ; the version is in the object key (a manifest from before the field reads as 0).
     */
    boolean sameExport(Manifest other) {
        return runId.equals(other.runId) && attempt == other.attempt && objectKey.equals(other.objectKey)
                && sha256.equals(other.sha256) && objectChecksumSha256.equals(other.objectChecksumSha256)
                && records == other.records && bytes == other.bytes;
    }
}
