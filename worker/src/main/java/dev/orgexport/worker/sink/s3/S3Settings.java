package dev.orgexport.worker.sink.s3;

import dev.orgexport.platform.secret.SecretRef;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the S3 sink writes ({@code worker.s3.*}), validated on construction with messages
 * that name the key, the rule and the value. Credentials are references ({@code env:NAME} or
 * {@code file:/path}), never the keys themselves; without them the AWS default chain is used.
 *
 * @param endpoint        {@code worker.s3.endpoint}: an S3-compatible store's URL (MinIO, Ceph, R2...);
 *                        null for AWS, which derives it from the region
 * @param region          {@code worker.s3.region}, default us-east-1: the signing region
 * @param bucket          {@code worker.s3.bucket}, required: 3 to 63 of [a-z0-9.-]
 * @param prefix          {@code worker.s3.prefix}, default empty: key prefix, no leading or trailing {@code /}
 * @param pathStyle       {@code worker.s3.path-style}, default false: {@code endpoint/bucket/key} instead of
 *                        {@code bucket.endpoint/key} (most self-hosted stores want true)
 * @param accessKeyId     {@code worker.s3.access-key-id}: reference to the access key id, or null
 * @param secretAccessKey {@code worker.s3.secret-access-key}: reference to the secret key, or null; set
 *                        both or neither
 * @param encryption      {@code worker.s3.sse}, default none: server-side encryption of each object
 * @param kmsKeyId        {@code worker.s3.sse-kms-key-id}: the KMS key of {@code aws:kms}, or null for the
 *                        bucket's default key
 * @param partSize        {@code worker.s3.part-size}, 5 MiB to 512 MiB, default 8 MiB: compressed bytes per
 *                        multipart part, which is also the memory one in-flight export holds for it
 * @param maxAttempts     {@code worker.s3.max-attempts}, 1 to 20, default 6: tries of one S3 request
 *                        (503 SlowDown, 500, timeouts) with the SDK's backoff, before the attempt fails
 */
public record S3Settings(URI endpoint, String region, String bucket, String prefix, boolean pathStyle,
                         SecretRef accessKeyId, SecretRef secretAccessKey, Encryption encryption, String kmsKeyId,
                         int partSize, int maxAttempts) {

    /** Server-side encryption, by its {@code x-amz-server-side-encryption} value. */
    public enum Encryption {
        NONE("none"), AES256("AES256"), KMS("aws:kms");

        private final String wireName;

        Encryption(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** @throws IllegalArgumentException naming the key and the accepted values */
        public static Encryption parse(String value) {
            for (Encryption e : values()) {
                if (e.wireName.equals(value)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("worker.s3.sse must be one of none, AES256, aws:kms, but was '" + value + "'");
        }
    }

    public static final String DEFAULT_REGION = "us-east-1";
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int MAX_PART_SIZE = 512 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    public static final int DEFAULT_MAX_ATTEMPTS = 6;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*)?");

    public S3Settings {
        if (endpoint != null && (endpoint.getHost() == null
                || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme())))) {
            throw new IllegalArgumentException("worker.s3.endpoint must be an http(s) URL with a host, but was '" + endpoint + "'");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("worker.s3.region must be a region id such as us-east-1, but was '" + region + "'");
        }
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("worker.s3.bucket must be a bucket name (3 to 63 of a-z 0-9 . -, starting and "
                    + "ending with a letter or digit), but was '" + bucket + "'");
        }
        Objects.requireNonNull(prefix, "worker.s3.prefix must not be null (empty for none)");
        if (!PREFIX.matcher(prefix).matches() || prefix.contains("//") || prefix.matches("(.*/)?\\.\\.?(/.*)?")) {
            throw new IllegalArgumentException("worker.s3.prefix must be empty or segments of [A-Za-z0-9!_.*'()-] joined by '/', "
                    + "without a leading or trailing '/', '.' or '..', but was '" + prefix + "'");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("worker.s3.access-key-id and worker.s3.secret-access-key must be set together "
                    + "(or neither, for the AWS default credentials chain)");
        }
        Objects.requireNonNull(encryption, "worker.s3.sse must be set (none for no server-side encryption)");
        if (kmsKeyId != null && encryption != Encryption.KMS) {
            throw new IllegalArgumentException("worker.s3.sse-kms-key-id is set, so worker.s3.sse must be aws:kms, but was "
                    + encryption.wireName());
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("worker.s3.part-size must be between " + MIN_PART_SIZE + " and " + MAX_PART_SIZE
                    + " bytes (S3's smallest part is 5 MiB), but was " + partSize);
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("worker.s3.max-attempts must be between 1 and 20, but was " + maxAttempts);
        }
    }

    /** Defaults for everything but the bucket: AWS, us-east-1, no prefix, default credentials chain. */
    public static S3Settings of(String bucket) {
        return new S3Settings(null, DEFAULT_REGION, bucket, "", false, null, null, Encryption.NONE, null,
                DEFAULT_PART_SIZE, DEFAULT_MAX_ATTEMPTS);
    }

    public S3Settings withEndpoint(URI value, boolean pathStyleValue) {
        return new S3Settings(value, region, bucket, prefix, pathStyleValue, accessKeyId, secretAccessKey, encryption,
                kmsKeyId, partSize, maxAttempts);
    }

    public S3Settings withPrefix(String value) {
        return new S3Settings(endpoint, region, bucket, value, pathStyle, accessKeyId, secretAccessKey, encryption,
                kmsKeyId, partSize, maxAttempts);
    }

    public S3Settings withCredentials(SecretRef keyId, SecretRef secretKey) {
        return new S3Settings(endpoint, region, bucket, prefix, pathStyle, keyId, secretKey, encryption, kmsKeyId,
                partSize, maxAttempts);
    }

    public S3Settings withEncryption(Encryption value, String kmsKey) {
        return new S3Settings(endpoint, region, bucket, prefix, pathStyle, accessKeyId, secretAccessKey, value, kmsKey,
                partSize, maxAttempts);
    }

    public S3Settings withPartSize(int value) {
        return new S3Settings(endpoint, region, bucket, prefix, pathStyle, accessKeyId, secretAccessKey, encryption,
                kmsKeyId, value, maxAttempts);
    }

    public S3Settings withMaxAttempts(int value) {
        return new S3Settings(endpoint, region, bucket, prefix, pathStyle, accessKeyId, secretAccessKey, encryption,
                kmsKeyId, partSize, value);
    }

    /** The key of a stem ({@code org/kind/start_end}) plus extension, under the prefix. */
    String key(String stemWithExtension) {
        return prefix.isEmpty() ? stemWithExtension : prefix + "/" + stemWithExtension;
    }
}
