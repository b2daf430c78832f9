package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.Role.WORKER;

import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.worker.sink.SinkSettings;
import dev.orgexport.worker.sink.s3.S3Settings;
import java.time.Duration;

/**
 * {@code worker.sink} and {@code worker.s3.*}: where the worker puts finished windows. Ranges and
 * relations are checked by {@link SinkSettings} and {@link S3Settings}; bound by {@link WorkerBinding}.
 */
public final class SinkKeys {

    public static final Key<String> SINK = Key.of("worker.sink", ValueType.TEXT, "file",
            "Where finished windows go: file (under worker.output-root) or s3 (the worker.s3.* bucket).", WORKER);
    public static final Key<String> S3_ENDPOINT = Key.required("worker.s3.endpoint", ValueType.TEXT,
            "URL of an S3-compatible store (MinIO, Ceph, R2...). Unset: AWS, from the region.", WORKER);
    public static final Key<String> S3_REGION = Key.of("worker.s3.region", ValueType.TEXT, S3Settings.DEFAULT_REGION,
            "Signing region of the bucket.", WORKER);
    public static final Key<String> S3_BUCKET = Key.required("worker.s3.bucket", ValueType.TEXT,
            "Bucket of the exports; required with worker.sink = s3.", WORKER);
    public static final Key<String> S3_PREFIX = Key.required("worker.s3.prefix", ValueType.TEXT,
            "Key prefix, no leading or trailing /: objects are <prefix>/<org>/<kind>/<start>_<end>.ndjson.gz, each with "
                    + "a .manifest.json. Unset: none.", WORKER);
    public static final Key<Boolean> S3_PATH_STYLE = Key.of("worker.s3.path-style", ValueType.BOOLEAN, false,
            "Address the bucket as endpoint/bucket/key (most self-hosted stores) instead of bucket.endpoint/key.", WORKER);
    public static final Key<SecretRef> S3_ACCESS_KEY_ID = Key.required("worker.s3.access-key-id",
            ValueType.SECRET_REFERENCE, "Reference to the access key id: env:NAME or file:/path. Unset (with the secret "
                    + "key): the AWS default credentials chain.", WORKER);
    public static final Key<SecretRef> S3_SECRET_ACCESS_KEY = Key.required("worker.s3.secret-access-key",
            ValueType.SECRET_REFERENCE, "Reference to the secret access key: env:NAME or file:/path. Never the key itself.",
            WORKER);
    public static final Key<String> S3_SSE = Key.of("worker.s3.sse", ValueType.TEXT, "none",
            "Server-side encryption of each object: none, AES256 or aws:kms.", WORKER);
    public static final Key<String> S3_SSE_KMS_KEY_ID = Key.required("worker.s3.sse-kms-key-id", ValueType.TEXT,
            "KMS key of aws:kms. Unset: the bucket's default key.", WORKER);
    public static final Key<Integer> S3_PART_SIZE = Key.of("worker.s3.part-size", ValueType.INTEGER,
            S3Settings.DEFAULT_PART_SIZE, "Bytes of compressed data per multipart part (5 MiB - 512 MiB); also the memory "
                    + "one in-flight export holds for its upload.", WORKER);
    public static final Key<Integer> S3_MAX_ATTEMPTS = Key.of("worker.s3.max-attempts", ValueType.INTEGER,
            S3Settings.DEFAULT_MAX_ATTEMPTS, "Tries of one S3 request (503 SlowDown, 500, timeouts) before the attempt "
                    + "fails (1-20).", WORKER);
    public static final Key<Duration> S3_ABANDONED_UPLOAD_AGE = Key.of("worker.s3.abandoned-upload-age",
            ValueType.DURATION, SinkSettings.DEFAULT_ABANDONED_UPLOAD_AGE, "At start-up, unfinished multipart uploads "
                    + "under the prefix older than this are aborted; longer than any attempt takes (1 min - 30 days).",
            WORKER);

    private SinkKeys() {
    }
}
