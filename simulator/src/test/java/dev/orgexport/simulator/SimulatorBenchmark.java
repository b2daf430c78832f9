package dev.orgexport.simulator;

import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.JobTimings;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark harness (not a test): {@code tokens/me} throughput over loopback with keep-alive
 * connections, median of several rounds, and the heap held after 10,000 finished jobs.
 * <pre>
 * ./mvnw -q -Dorgexport.target=target-sim -pl simulator -am test-compile exec:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=dev.orgexport.simulator.SimulatorBenchmark
 * </pre>
 * Optional arguments: client threads (16), rounds (5), seconds per round (5), jobs (10000).
 */
public final class SimulatorBenchmark {

    private static final String REGION = "us-west-2";

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int jobs = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        System.out.printf("machine: %d cores, max heap %d MiB, %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        throughput(threads, rounds, seconds);
        memory(jobs);
        System.exit(0);
    }

    private static void throughput(int threads, int rounds, int seconds) throws Exception {
        try (Simulator simulator = Simulator.start(SimulatorConfig.builder()
                .org("org-bench", "Bench", REGION)
                .client("bench", "bench-secret", "org-bench")
                .limits(new Limits(1_000_000_000, 1000, BudgetScope.TOKEN))
                .build(), 0)) {
            String token = new RawPlatform(simulator).token(REGION, "bench", "bench-secret");
            byte[] request = ("GET /" + REGION + "/api/v2/tokens/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            runRound(simulator.port(), request, threads, 3);
            List<Double> rates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double rate = runRound(simulator.port(), request, threads, seconds);
                rates.add(rate);
                System.out.printf("round %d: %,.0f tokens/me requests/s (%d keep-alive connections)%n", round, rate, threads);
            }
            List<Double> sorted = new ArrayList<>(rates);
            sorted.sort(Double::compare);
            System.out.printf("tokens/me throughput: median %,.0f requests/s over %d rounds of %d s (min %,.0f, max %,.0f)%n",
                    sorted.get(sorted.size() / 2), rounds, seconds, sorted.get(0), sorted.get(sorted.size() - 1));
            System.out.printf("all answered 200: %s%n", simulator.stats().tooManyRequests("bench") == 0
                    && simulator.stats().unauthorized("bench") == 0);
        }
    }

    private static double runRound(int port, byte[] request, int threads, int seconds) throws Exception {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 16_384);
                    while (!stop.get()) {
                        out.write(request);
                        out.flush();
                        if (readResponse(in) != 200) {
                            throw new IllegalStateException("unexpected status");
                        }
                        done.increment();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    finished.countDown();
                }
            }, "bench-client-" + i);
            workers.add(worker);
        }
        long started = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long count = done.sum();
        double elapsed = (System.nanoTime() - started) / 1e9;
        finished.await();
        return count / elapsed;
    }

    /** Reads one HTTP/1.1 response with a Content-Length; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int status = -1;
        int length = 0;
        while (true) {
            line.setLength(0);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (line.length() == 0) {
                break;
            }
            String header = line.toString();
            if (status < 0) {
                status = Integer.parseInt(header.substring(9, 12));
            } else if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return status;
    }

    private static void memory(int jobs) throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2024-06-01T00:00:00Z"));
        try (Simulator simulator = Simulator.start(SimulatorConfig.builder()
                .org("org-mem", "Memory", REGION)
                .client("mem", "mem-secret", "org-mem")
                .limits(new Limits(1_000_000_000, 1000, BudgetScope.TOKEN))
                .jobs(new JobTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
                .build(), 0, clock)) {
            RawPlatform platform = new RawPlatform(simulator);
            String token = platform.token(REGION, "mem", "mem-secret");
            long baseline = settledHeap();
            Instant window = Instant.parse("2024-01-01T00:00:00Z");
            for (int i = 0; i < jobs; i++) {
                Instant start = window.plus(Duration.ofHours(i));
                String jobId = platform.post(REGION, "/api/v2/analytics/conversations/details/jobs", token,
                        "{\"interval\":\"" + start + "/" + start.plus(Duration.ofHours(1)) + "\"}").body().get("jobId").asText();
                clock.advance(Duration.ofMillis(1));
                int status = platform.get(REGION, "/api/v2/analytics/conversations/details/jobs/" + jobId + "/results?pageSize=1000",
                        token).status();
                if (status != 200) {
                    throw new IllegalStateException("results answered " + status);
                }
            }
            long held = settledHeap();
            System.out.printf("heap after %,d finished and read jobs: %,.1f MiB held above the %,.1f MiB baseline (%,d bytes per job)%n",
                    jobs, (held - baseline) / 1048576.0, baseline / 1048576.0, (held - baseline) / jobs);
            clock.advance(Duration.ofHours(3));
            int purged = simulator.purgeExpired();
            long afterPurge = settledHeap();
            System.out.printf("after the results TTL passed: %,d jobs purged, %,.1f MiB held above the baseline%n",
                    purged, (afterPurge - baseline) / 1048576.0);
        }
    }

    private static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
