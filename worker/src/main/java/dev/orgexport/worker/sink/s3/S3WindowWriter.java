package dev.orgexport.worker.sink.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgexport.worker.sink.NdjsonGzipStream;
import dev.orgexport.worker.sink.SinkException;
import dev.orgexport.worker.sink.SinkResult;
import dev.orgexport.worker.sink.WindowTarget;
import dev.orgexport.worker.sink.WindowWriter;
import java.io.IOException;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * Writes one window to S3: records in, one compact JSON line each, counted and hashed as
 * uncompressed NDJSON by the same {@link NdjsonGzipStream} as the file sink, gzip-compressed into
 * parts that upload as they fill. {@link #commit} completes the object (conditionally, see {@link ObjectUpload}), then
 * writes the manifest; {@link #close} without a commit aborts the multipart upload. Not thread-safe.
 */
final class S3WindowWriter implements WindowWriter {

    private final WindowTarget target;
    private final ObjectUpload upload;
    private final ManifestWriter manifests;
    private final String manifestKey;
    private final Clock clock;
    private final PartStream parts;
    private final NdjsonGzipStream ndjson;
    private boolean finished;

    S3WindowWriter(WindowTarget target, ObjectUpload upload, ManifestWriter manifests, String manifestKey, int partSize,
                   Clock clock) {
        this.target = target;
        this.upload = upload;
        this.manifests = manifests;
        this.manifestKey = manifestKey;
        this.clock = clock;
        this.parts = new PartStream(partSize, upload);
        try {
            this.ndjson = new NdjsonGzipStream(parts, 64 * 1024, upload.uri(), "cannot compress into " + upload.uri());
        } catch (IOException e) {
            throw new SinkException("cannot start the gzip stream of " + upload.uri(), e); // writes no header bytes to I/O
        }
    }

    @Override
    public void write(JsonNode record) {
        requireOpen();
        ndjson.write(record);
    }

    @Override
    public String sha256SoFar() {
        return ndjson.sha256SoFar();
    }

    @Override
    public long bytes() {
        return ndjson.bytes();
    }

    @Override
    public long records() {
        return ndjson.records();
    }

    @Override
    public SinkResult commit(BooleanSupplier mayReplace) {
        requireOpen();
        finished = true;
        BooleanSupplier askedOnce = once(mayReplace);
        try {
            ndjson.gzip().finish(); // the gzip trailer, into the last part
            String objectChecksum = upload.finish(parts.tail(), parts.tailLength(), askedOnce);
            String sha256 = ndjson.sha256();
            long records = ndjson.records();
            long bytes = ndjson.bytes();
            manifests.write(manifestKey, new Manifest(Manifest.FORMAT_VERSION, target.runId(), target.attempt(),
                    target.orgId(), target.kind().wireName(), target.window().start(), target.window().end(), target.version(),
                    upload.key(), upload.uri(), records, bytes, sha256, objectChecksum, clock.instant(), target.writerTag()),
                    askedOnce);
            return new SinkResult(upload.uri(), records, bytes, sha256);
        } catch (IOException e) {
            upload.abort();
            throw new SinkException("cannot finish the gzip stream of " + upload.uri() + ": " + e, e);
        } catch (RuntimeException e) {
            upload.abort();
            throw e;
        }
    }

    /** Aborts the multipart upload unless committed. Safe to call more than once. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        upload.abort();
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("writer of " + upload.uri() + " is already committed or closed");
        }
    }

    /** The lease check is a database round trip: one answer serves the object and its manifest. */
    private static BooleanSupplier once(BooleanSupplier supplier) {
        Boolean[] answer = new Boolean[1];
        return () -> {
            if (answer[0] == null) {
                answer[0] = supplier.getAsBoolean();
            }
            return answer[0];
        };
    }
}
