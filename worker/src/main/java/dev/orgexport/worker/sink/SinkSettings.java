package dev.orgexport.worker.sink;

import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.worker.sink.s3.S3Settings;
import dev.orgexport.worker.sink.s3.S3Sink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Which sink a worker writes to ({@code worker.sink}, {@code file} or {@code s3}) and, for S3, its
 * settings ({@code worker.s3.*}). Files go under {@code worker.output-root}.
 *
 * @param kind                {@code worker.sink}, default file
 * @param s3                  the S3 settings; required with {@code s3}, null with {@code file}
 * @param abandonedUploadAge  {@code worker.s3.abandoned-upload-age}, 1 min to 30 days, default 1 day: at
 *                            start-up, unfinished multipart uploads under the prefix older than this are
 *                            aborted (the next attempt at a window aborts its own at once; this catches
 *                            windows never attempted again). Longer than any attempt may take.
 */
public record SinkSettings(Kind kind, S3Settings s3, Duration abandonedUploadAge) {

    /** The sink kinds, by their configuration value. */
    public enum Kind {
        FILE, S3;

        public String wireName() {
            return name().toLowerCase();
        }

        /** @throws IllegalArgumentException naming the key and the accepted values */
        public static Kind parse(String value) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("worker.sink must be file or s3, but was '" + value + "'");
        }
    }

    public static final Duration DEFAULT_ABANDONED_UPLOAD_AGE = Duration.ofDays(1);
    /** Files under {@code worker.output-root}. */
    public static final SinkSettings FILE = new SinkSettings(Kind.FILE, null, DEFAULT_ABANDONED_UPLOAD_AGE);

    public SinkSettings {
        Objects.requireNonNull(kind, "worker.sink must be set");
        if (kind == Kind.S3 && s3 == null) {
            throw new IllegalArgumentException("worker.sink is s3, so worker.s3.bucket (and the other worker.s3.* keys) must be set");
        }
        if (kind == Kind.FILE && s3 != null) {
            throw new IllegalArgumentException("worker.s3.* settings are given but worker.sink is file; set worker.sink = s3 "
                    + "or remove them");
        }
        if (abandonedUploadAge == null || abandonedUploadAge.compareTo(Duration.ofMinutes(1)) < 0
                || abandonedUploadAge.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("worker.s3.abandoned-upload-age must be between PT1M and P30D, but was "
                    + abandonedUploadAge);
        }
    }

    public static SinkSettings s3(S3Settings settings) {
        return new SinkSettings(Kind.S3, Objects.requireNonNull(settings, "s3"), DEFAULT_ABANDONED_UPLOAD_AGE);
    }

    public SinkSettings withAbandonedUploadAge(Duration value) {
        return new SinkSettings(kind, s3, value);
    }

    /**
     * Opens the sink: creates the output root, or builds the S3 client (resolving its credentials)
     * and aborts abandoned multipart uploads.
     *
     * @throws SinkException when the output root is unusable or the bucket cannot be listed
     */
    public Sink open(Path outputRoot, SecretResolver secrets, Clock clock) {
        if (kind == Kind.FILE) {
            return new FileSink(outputRoot);
        }
        S3Sink sink = S3Sink.create(s3, secrets, clock);
        try {
            sink.abortAbandoned(clock.instant().minus(abandonedUploadAge));
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
        return sink;
    }
}
