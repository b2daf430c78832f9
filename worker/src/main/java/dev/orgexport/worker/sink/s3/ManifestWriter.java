package dev.orgexport.worker.sink.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.schema.json.Json;
import dev.orgexport.worker.sink.SinkConflictException;
import dev.orgexport.worker.sink.SinkException;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes a window's manifest with the same rules as its object: {@code If-None-Match: *}; a
 * manifest already there of the same export (a retried request) is kept; one of another export is
 * replaced only with {@code If-Match} on its ETag and only if the caller still holds the run.
 */
final class ManifestWriter {

    private static final String CONTENT_TYPE = "application/json";

    private final ObjectMapper mapper = Json.mapper();
    private final S3Client s3;
    private final S3Settings settings;

    ManifestWriter(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    void write(String key, Manifest manifest, BooleanSupplier mayReplace) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new SinkException("cannot serialize the manifest of " + manifest.objectUri(), e);
        }
        try {
            put(key, body, "*", null);
            return;
        } catch (S3Exception e) {
            if (!PreconditionFailures.lost(e)) {
                throw failure(key, e);
            }
        } catch (SdkException e) {
            throw failure(key, e);
        }
        try {
            Optional<ResponseBytes<GetObjectResponse>> existing = read(key);
            if (existing.isPresent() && parse(existing.get().asByteArray()).map(manifest::sameExport).orElse(false)) {
                return;
            }
            if (!mayReplace.getAsBoolean()) {
                throw new SinkConflictException(uri(key) + " describes another export and this writer no longer holds its run; "
                        + "left unchanged");
            }
            if (existing.isPresent()) {
                put(key, body, null, existing.get().response().eTag());
            } else {
                put(key, body, "*", null);
            }
        } catch (S3Exception e) {
            if (PreconditionFailures.lost(e)) {
                throw new SinkConflictException(uri(key) + " changed while this writer replaced it; left to the other writer");
            }
            throw failure(key, e);
        } catch (SdkException e) {
            throw failure(key, e);
        }
    }

    private void put(String key, byte[] body, String ifNoneMatch, String ifMatch) {
        String checksum = Checksums.base64Sha256(body, body.length);
        s3.putObject(b -> b.bucket(settings.bucket()).key(key).contentType(CONTENT_TYPE).checksumSHA256(checksum)
                .ifNoneMatch(ifNoneMatch).ifMatch(ifMatch), RequestBody.fromBytes(body));
    }

    private Optional<ResponseBytes<GetObjectResponse>> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** An unreadable manifest (not ours, damaged) is another export's: replaced only by the run's holder. */
    private Optional<Manifest> parse(byte[] body) {
        try {
            return Optional.of(mapper.readValue(body, Manifest.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String uri(String key) {
        return "s3://" + settings.bucket() + "/" + key;
    }

    private static SinkException failure(String key, SdkException e) {
        return new SinkException("cannot write the manifest " + key + ": " + e.getMessage(), e);
    }
}
