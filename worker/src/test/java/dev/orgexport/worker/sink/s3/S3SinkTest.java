package dev.orgexport.worker.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.schema.json.Json;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.worker.sink.SinkConflictException;
import dev.orgexport.worker.sink.SinkException;
import dev.orgexport.worker.sink.SinkResult;
import dev.orgexport.worker.sink.WindowTarget;
import dev.orgexport.worker.sink.WindowWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The S3 sink against a real S3-compatible server (S3Mock in this JVM): no mocked client. */
class S3SinkTest {

    private static final TimeWindow WINDOW = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-01T01:00:00Z"));
    private static final Instant NOW = Instant.parse("2024-05-01T02:00:00Z");
    private static final int PART = S3Settings.MIN_PART_SIZE;

    private static S3MockServer server;
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private String bucket;

    @BeforeAll
    static void startServer() {
        server = S3MockServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = "bucket-" + BUCKETS.incrementAndGet();
        server.client().createBucket(b -> b.bucket(bucket));
    }

    private S3Sink sink(S3Settings settings) {
        return S3Sink.create(settings, S3MockServer.secrets(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private S3Settings settings() {
        return server.settings(bucket).withPrefix("exports/v1").withPartSize(PART);
    }

    private static WindowTarget target(int attempt) {
        return new WindowTarget(UUID.fromString("00000000-0000-0000-0000-000000000015"), attempt, "org-a",
                ExportKind.CONVERSATION_DETAILS, WINDOW, "worker-1");
    }

    @Test
    void aLargeWindowStreamsInPartsEachVerifiedByTheStoreAndTheManifestComesLast() throws Exception {
        List<JsonNode> records = records(40_000, 1);
        SinkResult result;
        try (S3Sink sink = sink(settings()); WindowWriter writer = sink.open(target(1))) {
            records.forEach(writer::write);
            result = writer.commit(() -> false);
        }
        String key = "exports/v1/org-a/conversation-details/20240501T000000Z_20240501T010000Z.ndjson.gz";
        assertThat(result.location()).isEqualTo("s3://" + bucket + "/" + key);
        byte[] ndjson = ndjson(records);
        assertThat(result.records()).isEqualTo(40_000);
        assertThat(result.bytes()).isEqualTo(ndjson.length);
        assertThat(result.sha256()).isEqualTo(sha256Hex(ndjson));
        byte[] stored = server.get(bucket, key);
        assertThat(stored.length).as("compressed size spans more than one part").isGreaterThan(PART);
        assertThat(gunzip(stored)).isEqualTo(ndjson);

        HeadObjectResponse head = server.client().headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        int parts = (stored.length + PART - 1) / PART;
        assertThat(head.checksumSHA256()).isEqualTo(composite(stored, parts));
        assertThat(head.metadata()).containsEntry("orgexport-run-id", target(1).runId().toString())
                .containsEntry("orgexport-attempt", "1");

        JsonNode manifest = Json.mapper().readTree(server.get(bucket,
                "exports/v1/org-a/conversation-details/20240501T000000Z_20240501T010000Z.manifest.json"));
        assertThat(manifest.get("runId").asText()).isEqualTo(target(1).runId().toString());
        assertThat(manifest.get("attempt").asInt()).isEqualTo(1);
        assertThat(manifest.get("objectKey").asText()).isEqualTo(key);
        assertThat(manifest.get("objectUri").asText()).isEqualTo(result.location());
        assertThat(manifest.get("records").asLong()).isEqualTo(40_000);
        assertThat(manifest.get("bytes").asLong()).isEqualTo(ndjson.length);
        assertThat(manifest.get("sha256").asText()).isEqualTo(result.sha256());
        assertThat(manifest.get("objectChecksumSha256").asText()).isEqualTo(head.checksumSHA256());
        assertThat(manifest.get("exportedAt").asText()).isEqualTo(NOW.toString());
        assertThat(server.keys(bucket)).containsExactlyInAnyOrder(key,
                "exports/v1/org-a/conversation-details/20240501T000000Z_20240501T010000Z.manifest.json");
        assertThat(server.unfinishedUploads(bucket)).isEmpty();
    }

    @Test
    void aSmallWindowIsOnePutWithItsChecksumAndAnEmptyWindowIsAnEmptyGzip() {
        List<JsonNode> records = records(3, 2);
        SinkResult small;
        SinkResult empty;
        try (S3Sink sink = sink(settings().withPrefix(""))) {
            try (WindowWriter writer = sink.open(target(1))) {
                records.forEach(writer::write);
                small = writer.commit(() -> false);
            }
            try (WindowWriter writer = sink.open(new WindowTarget(UUID.randomUUID(), 1, "org-a", ExportKind.USER_DETAILS,
                    WINDOW, "w"))) {
                empty = writer.commit(() -> false);
            }
        }
        String key = "org-a/conversation-details/20240501T000000Z_20240501T010000Z.ndjson.gz";
        byte[] stored = server.get(bucket, key);
        assertThat(gunzip(stored)).isEqualTo(ndjson(records));
        assertThat(small.sha256()).isEqualTo(sha256Hex(ndjson(records)));
        assertThat(server.client().headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED))
                .checksumSHA256()).isEqualTo(Base64.getEncoder().encodeToString(sha256(stored)));
        assertThat(empty.records()).isZero();
        assertThat(empty.sha256()).isEqualTo(sha256Hex(new byte[0]));
        assertThat(gunzip(server.get(bucket, "org-a/user-details/20240501T000000Z_20240501T010000Z.ndjson.gz"))).isEmpty();
    }

    @Test
    void aWriterClosedWithoutCommitLeavesNoObjectAndNoUpload() {
        try (S3Sink sink = sink(settings()); WindowWriter writer = sink.open(target(1))) {
            records(30_000, 3).forEach(writer::write); // at least one part uploaded
            assertThat(server.unfinishedUploads(bucket)).hasSize(1);
        }
        assertThat(server.keys(bucket)).isEmpty();
        assertThat(server.unfinishedUploads(bucket)).isEmpty();
    }

    @Test
    void anInterruptedUploadIsNeverVisibleAndIsAbortedByTheNextAttemptOrAtStartUp() {
        S3Sink sink = sink(settings());
        WindowWriter abandoned = sink.open(target(1)); // a worker killed mid-upload: neither commit nor close
        records(30_000, 4).forEach(abandoned::write);
        WindowWriter other = sink.open(new WindowTarget(UUID.randomUUID(), 1, "org-b", ExportKind.USER_DETAILS, WINDOW, "w"));
        records(30_000, 5).forEach(other::write);
        assertThat(server.unfinishedUploads(bucket)).hasSize(2);
        assertThat(server.keys(bucket)).as("nothing visible before completion").isEmpty();

        List<JsonNode> records = records(10, 6);
        try (WindowWriter retry = sink.open(target(2))) {
            assertThat(server.unfinishedUploads(bucket)).as("the next attempt aborted the dead one")
                    .hasSize(1).allMatch(u -> u.startsWith("exports/v1/org-b/"));
            records.forEach(retry::write);
            retry.commit(() -> true);
        }
        assertThatThrownBy(() -> abandoned.commit(() -> true)).as("the dead writer's upload is gone")
                .isInstanceOf(SinkException.class);
        assertThat(gunzip(server.get(bucket, sink.objectKey(target(2))))).isEqualTo(ndjson(records));

        assertThat(sink.abortAbandoned(Instant.now().minus(Duration.ofHours(1)))).as("too young to be abandoned").isZero();
        assertThat(sink.abortAbandoned(Instant.now().plus(Duration.ofMinutes(1)))).isEqualTo(1);
        assertThat(server.unfinishedUploads(bucket)).isEmpty();
        sink.close();
    }

    @Test
    void aRetryWithTheSameContentKeepsTheObjectEvenWithoutTheRun() {
        List<JsonNode> records = records(30_000, 7);
        try (S3Sink sink = sink(settings())) {
            SinkResult first = write(sink, target(1), records, () -> true);
            String etag = etag(sink.objectKey(target(1)));
            SinkResult again = write(sink, target(1), records, () -> false);
            assertThat(again).isEqualTo(first);
            assertThat(etag(sink.objectKey(target(1)))).as("not rewritten").isEqualTo(etag);
        }
        assertThat(server.unfinishedUploads(bucket)).isEmpty();
    }

    @Test
    void otherContentIsReplacedOnlyByTheRunsHolder() throws Exception {
        List<JsonNode> first = records(30_000, 8);
        List<JsonNode> second = records(12, 9);
        try (S3Sink sink = sink(settings())) {
            write(sink, target(1), first, () -> true);
            assertThatThrownBy(() -> write(sink, target(2), second, () -> false))
                    .isInstanceOf(SinkConflictException.class).hasMessageContaining("left unchanged");
            assertThat(gunzip(server.get(bucket, sink.objectKey(target(1))))).isEqualTo(ndjson(first));
            assertThat(server.unfinishedUploads(bucket)).isEmpty();

            SinkResult replaced = write(sink, target(2), second, () -> true);
            assertThat(gunzip(server.get(bucket, sink.objectKey(target(2))))).isEqualTo(ndjson(second));
            JsonNode manifest = Json.mapper().readTree(server.get(bucket, sink.manifestKey(target(2))));
            assertThat(manifest.get("attempt").asInt()).isEqualTo(2);
            assertThat(manifest.get("sha256").asText()).isEqualTo(replaced.sha256());
        }
        assertThat(server.unfinishedUploads(bucket)).isEmpty();
    }

    @Test
    void slowDownAndInternalErrorsOnSomePartsAreRetriedAndTheObjectIsExact() throws Exception {
        AtomicInteger partTwoTries = new AtomicInteger();
        AtomicInteger creates = new AtomicInteger();
        try (FaultProxy proxy = new FaultProxy(server.endpoint(), request -> {
            if ("POST".equals(request.method()) && "uploads".equals(request.query()) && creates.incrementAndGet() == 1) {
                return FaultProxy.Fault.SLOW_DOWN;
            }
            if (request.uploadPart() && request.partNumber() == 2 && partTwoTries.incrementAndGet() <= 2) {
                return partTwoTries.get() == 1 ? FaultProxy.Fault.INTERNAL_ERROR : FaultProxy.Fault.SLOW_DOWN;
            }
            return FaultProxy.Fault.NONE;
        }); S3Sink sink = sink(settings().withEndpoint(proxy.endpoint(), true))) {
            List<JsonNode> records = records(40_000, 10);
            SinkResult result = write(sink, target(1), records, () -> false);
            assertThat(proxy.injected()).isEqualTo(3);
            assertThat(gunzip(server.get(bucket, sink.objectKey(target(1))))).isEqualTo(ndjson(records));
            assertThat(result.sha256()).isEqualTo(sha256Hex(ndjson(records)));
        }
        assertThat(server.unfinishedUploads(bucket)).isEmpty();
    }

    @Test
    void aPartDamagedOnTheWayIsRefusedByTheStoreAndNothingBecomesVisible() throws Exception {
        try (FaultProxy proxy = new FaultProxy(server.endpoint(), request -> request.uploadPart() && request.partNumber() == 1
                ? FaultProxy.Fault.CORRUPT_BODY : FaultProxy.Fault.NONE);
             S3Sink sink = sink(settings().withEndpoint(proxy.endpoint(), true))) {
            WindowWriter writer = sink.open(target(1));
            assertThatThrownBy(() -> records(40_000, 11).forEach(writer::write))
                    .isInstanceOf(SinkException.class).hasMessageContaining("cannot upload part 1");
            writer.close();
        }
        assertThat(server.keys(bucket)).isEmpty();
        assertThat(server.unfinishedUploads(bucket)).isEmpty();
    }

    @Test
    void serverSideEncryptionIsRequestedOnEveryObject() {
        try (S3Sink sink = sink(settings().withEncryption(S3Settings.Encryption.AES256, null))) {
            write(sink, target(1), records(20_000, 12), () -> false);
            HeadObjectResponse head = server.client().headObject(b -> b.bucket(bucket).key(sink.objectKey(target(1))));
            assertThat(head.serverSideEncryptionAsString()).isEqualTo("AES256");
        }
    }

    // ---- helpers ----

    private static SinkResult write(S3Sink sink, WindowTarget target, List<JsonNode> records,
                                    java.util.function.BooleanSupplier mayReplace) {
        try (WindowWriter writer = sink.open(target)) {
            records.forEach(writer::write);
            return writer.commit(mayReplace);
        }
    }

    private String etag(String key) {
        try {
            return server.client().headObject(b -> b.bucket(bucket).key(key)).eTag();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    /** Records that compress about 4:3, so a few tens of thousands span parts of 5 MiB. */
    static List<JsonNode> records(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<JsonNode> records = new ArrayList<>(count);
        byte[] noise = new byte[240];
        for (int i = 0; i < count; i++) {
            random.nextBytes(noise);
            ObjectNode record = JsonNodeFactory.instance.objectNode();
            record.put("id", "rec-" + i);
            record.put("payload", Base64.getEncoder().encodeToString(noise));
            records.add(record);
        }
        return records;
    }

    static byte[] ndjson(List<JsonNode> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JsonNode record : records) {
            out.writeBytes(record.toString().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        MessageDigest digest = Checksums.sha256();
        return digest.digest(data);
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    /** S3's composite checksum, computed independently of the sink from the stored bytes. */
    private static String composite(byte[] object, int parts) {
        MessageDigest ofParts = Checksums.sha256();
        for (int i = 0; i < parts; i++) {
            int from = i * PART;
            int to = Math.min(object.length, from + PART);
            MessageDigest one = Checksums.sha256();
            one.update(object, from, to - from);
            ofParts.update(one.digest());
        }
        return Base64.getEncoder().encodeToString(ofParts.digest()) + "-" + parts;
    }
}
