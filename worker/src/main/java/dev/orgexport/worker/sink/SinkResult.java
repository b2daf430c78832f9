package dev.orgexport.worker.sink;

import java.util.Objects;

/**
 * A window in place: where, and the facts of its uncompressed NDJSON content (one compact JSON
 * record per line, each line ending in {@code \n}).
 *
 * @param location the absolute path of the {@code .ndjson.gz} file, or the {@code s3://bucket/key}
 *                 URI of the object
 * @param records  lines written
 * @param bytes    bytes of the uncompressed NDJSON
 * @param sha256   lowercase hex SHA-256 of the uncompressed NDJSON
 */
public record SinkResult(String location, long records, long bytes, String sha256) {

    public SinkResult {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(sha256, "sha256");
    }
}
