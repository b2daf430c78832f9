package dev.orgexport.worker.sink.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.devstack.kafka.ChildClasspath;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.worker.sink.SinkResult;
import dev.orgexport.worker.sink.WindowTarget;
import dev.orgexport.worker.sink.WindowWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Memory of in-flight S3 exports: windows of 500,000 conversation-like records (about 0.7 KB of
 * JSON each) stream through the S3 sink into S3Mock (a child JVM), first one window alone, then
 * four at once. A sampler forces a GC every second and records the live heap; the figure is the
 * peak live heap above the baseline (S3Mock started, nothing uploading), per in-flight export.
 * Run with a heap far smaller than the windows (see BENCHMARKS.md for the command): a window
 * held in memory could not fit.
 */
public final class S3SinkMemoryBenchmark {

    private static final int RECORDS = 500_000;
    private static final TimeWindow WINDOW = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-02T00:00:00Z"));

    private static S3Client store;

    private S3SinkMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf("S3 sink memory benchmark: %d records per window, max heap %d MiB, part size %d MiB%n", RECORDS,
                Runtime.getRuntime().maxMemory() >> 20, S3Settings.DEFAULT_PART_SIZE >> 20);
        // S3Mock runs in a JVM of its own, so that the heap measured here is the sink's alone.
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path root = Files.createTempDirectory("s3bench");
        Process s3mock = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dhttp.port=" + port, "-Dserver.port=0", "-Dserver.address=127.0.0.1",
                "-Dcom.adobe.testing.s3mock.store.initialBuckets=bench", "-Dcom.adobe.testing.s3mock.store.root=" + root,
                "-cp", ChildClasspath.forMain(S3MockApplication.class), S3MockApplication.class.getName())
                .redirectErrorStream(true).redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(s3mock::destroyForcibly));
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        awaitPort(port);
        S3Settings settings = S3Settings.of("bench").withEndpoint(endpoint, true).withCredentials(
                dev.orgexport.platform.secret.SecretRef.parse("env:S3_TEST_KEY_ID"),
                dev.orgexport.platform.secret.SecretRef.parse("env:S3_TEST_SECRET"));
        store = S3Clients.build(settings, S3MockServer.secrets());
        try {
            S3Sink sink = S3Sink.create(settings, S3MockServer.secrets(), Clock.systemUTC());
            run(sink, 1, 0, memory); // warm-up: JIT, SDK and S3Mock caches; not reported
            long baseline = liveHeap(memory);
            System.out.printf("baseline live heap (SDK up, nothing uploading; S3Mock in its own JVM): %.1f MiB%n", mib(baseline));
            for (int concurrent : new int[] {1, 4}) {
                Result result = run(sink, concurrent, concurrent * 10, memory);
                double perExport = mib(result.peakLive - baseline) / concurrent;
                System.out.printf("%d in flight: %d windows of %.0f MiB NDJSON (%.1f MiB gzip) each in %.1f s; "
                                + "peak live heap %.1f MiB, %.1f MiB above baseline = %.1f MiB per in-flight export%n",
                        concurrent, concurrent, mib(result.ndjsonBytes), mib(result.gzipBytes), result.seconds,
                        mib(result.peakLive), mib(result.peakLive - baseline), perExport);
            }
            sink.close();
        } finally {
            store.close();
            s3mock.destroyForcibly();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200); // harness: waiting for the child S3Mock to listen
            }
        }
        throw new IllegalStateException("S3Mock did not listen on " + port + " within 2 min");
    }

    private record Result(long peakLive, long ndjsonBytes, long gzipBytes, double seconds) {
    }

    private static Result run(S3Sink sink, int concurrent, int seed, MemoryMXBean memory) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(liveHeap(memory), Math::max);
                try {
                    Thread.sleep(1000); // benchmark harness, not domain code
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        long started = System.nanoTime();
        sampler.start();
        List<Future<SinkResult>> results = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            int org = seed + i;
            results.add(pool.submit(() -> export(sink, "org-" + org, org)));
        }
        long ndjson = 0;
        for (Future<SinkResult> result : results) {
            ndjson = result.get().bytes();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        done.set(true);
        sampler.interrupt();
        sampler.join();
        pool.shutdown();
        long gzip = sinkObjectSize(sink, "org-" + seed);
        return new Result(peak.get(), ndjson, gzip, seconds);
    }

    private static SinkResult export(S3Sink sink, String org, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (WindowWriter writer = sink.open(target(org))) {
            for (int i = 0; i < RECORDS; i++) {
                writer.write(record(random, i));
            }
            return writer.commit(() -> true);
        }
    }

    private static WindowTarget target(String org) {
        return new WindowTarget(UUID.nameUUIDFromBytes(org.getBytes()), 1, org, ExportKind.CONVERSATION_DETAILS, WINDOW, "bench");
    }

    private static long sinkObjectSize(S3Sink sink, String org) {
        String key = sink.objectKey(target(org));
        return store.headObject(b -> b.bucket("bench").key(key)).contentLength();
    }

    /** A conversation-like record: ids, times, a few participants with segments; about 0.5 KB. */
    private static ObjectNode record(SplittableRandom random, int i) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode record = f.objectNode();
        record.put("conversationId", new UUID(random.nextLong(), random.nextLong()).toString());
        Instant start = WINDOW.start().plusMillis(random.nextLong(Duration.ofDays(1).toMillis()));
        record.put("conversationStart", start.toString());
        record.put("conversationEnd", start.plusSeconds(30 + random.nextInt(1800)).toString());
        record.put("originatingDirection", random.nextBoolean() ? "inbound" : "outbound");
        record.put("sequence", i);
        ArrayNode participants = record.putArray("participants");
        for (int p = 0; p < 2; p++) {
            ObjectNode participant = participants.addObject();
            participant.put("participantId", new UUID(random.nextLong(), random.nextLong()).toString());
            participant.put("purpose", p == 0 ? "customer" : "agent");
            participant.putArray("sessions").addObject()
                    .put("mediaType", "voice")
                    .put("ani", "tel:+1555" + (1_000_000 + random.nextInt(8_999_999)))
                    .putArray("segments").addObject()
                    .put("segmentType", "interact")
                    .put("segmentStart", start.toString())
                    .put("queueId", "queue-" + random.nextInt(40));
        }
        return record;
    }

    private static long liveHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
