package dev.orgexport.worker.sink.s3;

import dev.orgexport.worker.sink.SinkConflictException;
import dev.orgexport.worker.sink.SinkException;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * One object's upload: parts of the compressed stream as they fill, each sent with its SHA-256 in
 * {@code x-amz-checksum-sha256} so the store refuses a part that arrived damaged. Nothing is
 * visible under the key until {@link #finish}; a window smaller than one part is one PutObject.
 *
 * <p>Placing is a conditional write: {@code If-None-Match: *} when the key is free. When it is
 * taken, the existing object's checksum decides: the same checksum is the same content (a retry
 * of this attempt, or an earlier attempt that wrote identical bytes) and nothing is written;
 * different content is replaced only with {@code If-Match} on the ETag just read and only if the
 * caller still holds the run, so a writer that lost its lease, or one that raced the holder,
 * cannot overwrite what the holder placed. Not thread-safe.
 */
final class ObjectUpload {

    static final String CONTENT_TYPE = "application/gzip";

    private final S3Client s3;
    private final S3Settings settings;
    private final String key;
    private final Map<String, String> metadata;
    private final MessageDigest partDigests = Checksums.sha256();
    private final List<CompletedPart> parts = new ArrayList<>();
    private String uploadId;

    ObjectUpload(S3Client s3, S3Settings settings, String key, Map<String, String> metadata) {
        this.s3 = s3;
        this.settings = settings;
        this.key = key;
        this.metadata = metadata;
    }

    String key() {
        return key;
    }

    /** Uploads a full part; the multipart upload starts with the first one. */
    void part(byte[] data, int length) {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(b -> b.bucket(settings.bucket()).key(key)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256).contentType(CONTENT_TYPE).metadata(metadata)
                        .applyMutation(r -> encryption(r::serverSideEncryption, r::ssekmsKeyId))).uploadId();
            }
            int number = parts.size() + 1;
            MessageDigest digest = Checksums.sha256();
            digest.update(data, 0, length);
            byte[] raw = digest.digest();
            String checksum = Base64.getEncoder().encodeToString(raw);
            String etag = s3.uploadPart(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) length).checksumSHA256(checksum), body(data, length)).eTag();
            partDigests.update(raw);
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).checksumSHA256(checksum).build());
        } catch (SdkException e) {
            throw new SinkException("cannot upload part " + (parts.size() + 1) + " of " + uri() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Uploads the rest and puts the object in place.
     *
     * @return the object's SHA-256 checksum as S3 reports it (composite {@code ...-N} when multipart)
     * @throws SinkConflictException when different content holds the key and the caller may not replace it
     */
    String finish(byte[] data, int length, BooleanSupplier mayReplace) {
        try {
            if (uploadId == null) {
                String checksum = Checksums.base64Sha256(data, length);
                place(checksum, mayReplace, (none, match) -> s3.putObject(b -> b.bucket(settings.bucket()).key(key)
                        .contentType(CONTENT_TYPE).metadata(metadata).contentLength((long) length).checksumSHA256(checksum)
                        .ifNoneMatch(none).ifMatch(match)
                        .applyMutation(r -> encryption(r::serverSideEncryption, r::ssekmsKeyId)), body(data, length)));
                return checksum;
            }
            if (length > 0) {
                part(data, length);
            }
            String checksum = Checksums.composite(partDigests, parts.size());
            List<CompletedPart> all = List.copyOf(parts);
            String id = uploadId;
            place(checksum, mayReplace, (none, match) -> s3.completeMultipartUpload(b -> b.bucket(settings.bucket())
                    .key(key).uploadId(id).multipartUpload(m -> m.parts(all)).ifNoneMatch(none).ifMatch(match)));
            uploadId = null;
            return checksum;
        } catch (SdkException e) {
            throw new SinkException("cannot put " + uri() + " in place: " + e.getMessage(), e);
        }
    }

    /** Drops the multipart upload, if one was started and not completed. Never throws. */
    void abort() {
        if (uploadId == null) {
            return;
        }
        String id = uploadId;
        uploadId = null;
        try {
            s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(id));
        } catch (SdkException e) {
            // The next attempt at this window, or the start-up sweep, aborts it.
        }
    }

    String uri() {
        return "s3://" + settings.bucket() + "/" + key;
    }

    /** A write with its precondition: one of the two is set, the other null. */
    private interface ConditionalWrite {
        void write(String ifNoneMatch, String ifMatch);
    }

    private void place(String checksum, BooleanSupplier mayReplace, ConditionalWrite write) {
        try {
            write.write("*", null);
            return;
        } catch (S3Exception e) {
            if (PreconditionFailures.noSuchUpload(e) && sameContent(checksum)) {
                return; // our completion went through; its answer was lost and the retry found no upload
            }
            if (!PreconditionFailures.lost(e)) {
                throw e;
            }
        }
        Optional<HeadObjectResponse> existing = head();
        if (existing.isPresent() && checksum.equals(existing.get().checksumSHA256())) {
            // The same bytes are there already (a retry of this attempt, or an earlier attempt of the same
            // data). Completing over them with If-Match on what was just compared uses the upload up without
            // changing the content; aborting would as well on S3, but some S3-compatible stores (S3Mock)
            // delete the existing object when an upload to its key is aborted.
            try {
                write.write(null, existing.get().eTag());
                return;
            } catch (S3Exception e) {
                if (!PreconditionFailures.lost(e)) {
                    throw e;
                }
                abort();
                throw new SinkConflictException(uri() + " changed while this writer confirmed it; left to the other writer");
            }
        }
        if (!mayReplace.getAsBoolean()) {
            abort();
            throw new SinkConflictException(uri() + " holds other content and this writer no longer holds its run; "
                    + "left unchanged");
        }
        try {
            if (existing.isPresent()) {
                write.write(null, existing.get().eTag());
            } else {
                write.write("*", null); // it vanished in between (a lifecycle rule, an operator)
            }
        } catch (S3Exception e) {
            if (PreconditionFailures.lost(e)) {
                abort();
                throw new SinkConflictException(uri() + " changed while this writer replaced it; left to the other writer");
            }
            throw e;
        }
    }

    private boolean sameContent(String checksum) {
        return head().map(h -> checksum.equals(h.checksumSHA256())).orElse(false);
    }

    private Optional<HeadObjectResponse> head() {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(settings.bucket()).key(key).checksumMode(ChecksumMode.ENABLED)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void encryption(Consumer<ServerSideEncryption> sse, Consumer<String> kmsKey) {
        if (settings.encryption() != S3Settings.Encryption.NONE) {
            sse.accept(ServerSideEncryption.fromValue(settings.encryption().wireName()));
            if (settings.kmsKeyId() != null) {
                kmsKey.accept(settings.kmsKeyId());
            }
        }
    }

    /** The part's bytes without a copy, replayable for the SDK's retries. */
    private static RequestBody body(byte[] data, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length, CONTENT_TYPE);
    }
}
