package dev.orgexport.worker.sink.s3;

import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.worker.sink.Sink;
import dev.orgexport.worker.sink.SinkException;
import dev.orgexport.worker.sink.WindowNames;
import dev.orgexport.worker.sink.WindowTarget;
import dev.orgexport.worker.sink.WindowWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Export objects in one S3-compatible bucket, {@code <prefix>/<org>/<kind>/<windowStart>_<windowEnd>.ndjson.gz}
 * (the file sink's layout), each with a {@code .manifest.json} written after it. Uploads stream in
 * parts of {@link S3Settings#partSize()}; an interrupted multipart upload is never visible and is
 * aborted by the next attempt at its window ({@link #open}) or by {@link #abortAbandoned} at
 * start-up. Thread-safe; writers are not.
 */
public final class S3Sink implements Sink {

    private static final Logger log = LoggerFactory.getLogger(S3Sink.class);

    private final S3Client s3;
    private final S3Settings settings;
    private final Clock clock;
    private final ManifestWriter manifests;

    S3Sink(S3Client s3, S3Settings settings, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.manifests = new ManifestWriter(s3, settings);
    }

    /**
     * A sink with its own client; credentials are resolved now.
     *
     * @throws dev.orgexport.platform.secret.SecretUnavailableException when a credentials reference cannot be read
     */
    public static S3Sink create(S3Settings settings, SecretResolver secrets, Clock clock) {
        return new S3Sink(S3Clients.build(settings, secrets), settings, clock);
    }

    /** The export object's key of a target. */
    public String objectKey(WindowTarget target) {
        return settings.key(target.stem() + WindowNames.EXPORT_SUFFIX);
    }

    /** The manifest's key of a target. */
    public String manifestKey(WindowTarget target) {
        return settings.key(target.stem() + Manifest.SUFFIX);
    }

    /**
     * Starts the window's upload. The caller holds the run, so any multipart upload still open on
     * this key belongs to an earlier attempt that died or lost its lease: it is aborted first,
     * which also fails the upload of a writer that is still alive but no longer holds the run.
     */
    @Override
    public WindowWriter open(WindowTarget target) {
        String key = objectKey(target);
        for (MultipartUpload stale : uploadsUnder(key)) {
            if (stale.key().equals(key)) {
                abort(stale, "left by an earlier attempt of run " + target.runId());
            }
        }
        ObjectUpload upload = new ObjectUpload(s3, settings, key, Map.of(
                "orgexport-run-id", target.runId().toString(),
                "orgexport-attempt", String.valueOf(target.attempt()),
                "orgexport-writer", target.writerTag()));
        return new S3WindowWriter(target, upload, manifests, manifestKey(target), settings.partSize(), clock);
    }

    /**
     * Aborts every multipart upload under the prefix started before {@code startedBefore} (now
     * minus the lease at worker start-up: an upload that old has no live writer, since its run's
     * lease would have expired). Returns how many were aborted.
     */
    public int abortAbandoned(Instant startedBefore) {
        int aborted = 0;
        for (MultipartUpload upload : uploadsUnder(settings.prefix().isEmpty() ? "" : settings.prefix() + "/")) {
            if (upload.initiated() != null && upload.initiated().isBefore(startedBefore)) {
                abort(upload, "started " + upload.initiated() + ", before " + startedBefore);
                aborted++;
            }
        }
        return aborted;
    }

    @Override
    public String describe() {
        return "s3://" + settings.bucket() + "/" + settings.prefix()
                + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
    }

    @Override
    public void close() {
        s3.close();
    }

    private Iterable<MultipartUpload> uploadsUnder(String prefix) {
        try {
            return s3.listMultipartUploadsPaginator(b -> b.bucket(settings.bucket()).prefix(prefix)).uploads();
        } catch (SdkException e) {
            throw new SinkException("cannot list the multipart uploads under s3://" + settings.bucket() + "/" + prefix
                    + ": " + e.getMessage(), e);
        }
    }

    private void abort(MultipartUpload upload, String why) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(upload.key()).uploadId(upload.uploadId()));
            log.info("aborted the unfinished multipart upload {} of s3://{}/{}: {}", upload.uploadId(), settings.bucket(),
                    upload.key(), why);
        } catch (SdkException e) {
            throw new SinkException("cannot abort the unfinished multipart upload of s3://" + settings.bucket() + "/"
                    + upload.key() + ": " + e.getMessage(), e);
        }
    }
}
