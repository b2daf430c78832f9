package dev.orgexport.cli.bench;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.SimulatorStats;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * orgexport (one orchestrator, two workers, PostgreSQL, a Kafka broker, all with their defaults)
 * against the script a user would write instead (a sequential loop over the official SDK), on the
 * same simulator settings, in one run. Prints makespans and their ratio, per-org budget use, 429s,
 * token requests per org, the cost of broken orgs, one org's deep backlog, memory per run in
 * flight, and a 1,000-org scale run. Medians over {@code bench.rounds}. Command and figures:
 * BENCHMARKS.md, "fleet".
 */
public final class FleetBenchmark {

    static final List<ExportKind> KINDS = List.of(ExportKind.CONVERSATION_DETAILS, ExportKind.USER_DETAILS,
            ExportKind.AUDIT_EVENTS);
    static final double BUDGET_PER_SECOND = 300 / 60.0;

    private final int orgs = Integer.getInteger("bench.orgs", 100);
    private final int windows = Integer.getInteger("bench.windows", 3);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    private final int sdkOrgs = Integer.getInteger("bench.sdk-orgs", 10);
    private final int deepWindows = Integer.getInteger("bench.deep-windows", 24);
    private final int memoryOrgs = Integer.getInteger("bench.memory-orgs", 200);
    private final int scaleOrgs = Integer.getInteger("bench.scale-orgs", 1000);
    private final Duration latency = Duration.ofMillis(Integer.getInteger("bench.latency-ms", 50));
    private final Duration job = Duration.ofMillis(Integer.getInteger("bench.job-ms", 700));
    private final Set<String> scenarios = Set.of(System.getProperty("bench.scenarios",
            "sdk,fleet,deep,memory,scale").split(","));
    private final Path directory;

    private FleetBenchmark(Path directory) {
        this.directory = directory;
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("fleet-benchmark");
        new FleetBenchmark(directory).run();
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "fleet benchmark: %d orgs x %d kinds x %d windows, latency %d ms, jobs %d ms, "
                        + "%d rounds, %d cores, load average %.2f%n", orgs, KINDS.size(), windows, latency.toMillis(),
                job.toMillis(), rounds, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        double sdkPerRun = scenarios.contains("sdk") ? sdkLoop() : Double.NaN;
        if (scenarios.contains("fleet")) {
            fleet("warm-up (not counted)", Math.min(orgs, 20), 2);
            List<Double> healthy = new ArrayList<>();
            List<Double> withBroken = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                healthy.add(fleet("round " + round + ", none broken", orgs, 0).makespan);
                withBroken.add(fleet("round " + round + ", 10 % broken", orgs, Math.max(1, orgs / 10)).makespan);
            }
            double median = median(healthy);
            double brokenMedian = median(withBroken);
            double sdkMakespan = sdkPerRun * orgs * KINDS.size() * windows;
            System.out.printf(Locale.ROOT, "RESULT makespan orgexport median %.1f s %s; sequential SDK loop %.0f s "
                            + "(%.3f s per run x %d runs); ratio %.1fx%n", median, healthy, sdkMakespan, sdkPerRun,
                    orgs * KINDS.size() * windows, sdkMakespan / median);
            System.out.printf(Locale.ROOT, "RESULT broken orgs: healthy makespan median %.1f s %s, %.1f %% of none broken%n",
                    brokenMedian, withBroken, 100.0 * brokenMedian / median);
        }
        if (scenarios.contains("deep")) {
            List<Double> busiest = new ArrayList<>();
            List<Double> whole = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double[] use = deepBacklog();
                whole.add(use[0]);
                busiest.add(use[1]);
            }
            System.out.printf(Locale.ROOT, "RESULT deep backlog, median of %d: %.1f %% of the budget over the whole backlog "
                    + "%s, %.1f %% in the busiest minute %s%n", rounds, median(whole), whole, median(busiest), busiest);
        }
        if (scenarios.contains("memory")) {
            memoryPerRun();
        }
        if (scenarios.contains("scale") && scaleOrgs > 0) {
            scale();
        }
    }

    private SimulatorConfig.Builder simulatorConfig() {
        Map<String, Duration> latencies = new HashMap<>();
        for (String region : FleetStage.REGIONS) {
            latencies.put(region, latency);
        }
        return SimulatorConfig.builder()
                .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, job, Duration.ofHours(1)))
                .faults(new SimulatorConfig.Faults(latencies, List.of(), Set.of(), 42L));
    }

    static List<FleetStage.Org> orgs(String prefix, int count, boolean broken) {
        List<FleetStage.Org> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.format(Locale.ROOT, "%s-%04d", prefix, i);
            list.add(new FleetStage.Org(id, FleetStage.REGIONS[i % FleetStage.REGIONS.length], id + "-client", broken));
        }
        return list;
    }

    private List<TimeWindow> windows(int count) {
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        List<TimeWindow> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new TimeWindow(start.plus(Duration.ofHours(i)), start.plus(Duration.ofHours(i + 1))));
        }
        return list;
    }

    /** The sequential SDK loop over {@code bench.sdk-orgs} orgs; returns seconds per run. */
    private double sdkLoop() throws Exception {
        List<SdkLoop.Org> loopOrgs = new ArrayList<>();
        SimulatorConfig.Builder config = simulatorConfig();
        for (FleetStage.Org org : orgs("sdk", sdkOrgs, false)) {
            String secret = "secret-" + org.id();
            config.org(org.id(), "SDK " + org.id(), org.region()).client(org.clientId(), secret, org.id());
            loopOrgs.add(new SdkLoop.Org(org.id(), org.region(), org.clientId(), secret));
        }
        try (Simulator simulator = Simulator.start(config.build(), 0)) {
            Path out = Files.createDirectories(directory.resolve("sdk"));
            SdkLoop loop = new SdkLoop("http://127.0.0.1:" + simulator.port(), Duration.ofMillis(500), out);
            long began = System.nanoTime();
            long records = loop.run(loopOrgs, KINDS, windows(windows));
            double seconds = (System.nanoTime() - began) / 1e9;
            int runs = sdkOrgs * KINDS.size() * windows;
            System.out.printf(Locale.ROOT, "RESULT sequential SDK loop: %d orgs x %d runs in %.1f s, %.3f s per run, "
                    + "%d records, 429s %d%n", sdkOrgs, runs, seconds, seconds / runs, records, tooMany(simulator.stats()));
            return seconds / runs;
        }
    }

    /** What one orgexport scenario measured. */
    record Figures(double makespan) {
    }

    private Figures fleet(String label, int healthyCount, int brokenCount) throws Exception {
        List<FleetStage.Org> all = new ArrayList<>(orgs("org", healthyCount, false));
        all.addAll(orgs("broken", brokenCount, true));
        Path dir = Files.createTempDirectory(directory, "fleet");
        try (FleetStage stage = new FleetStage(dir, all, simulatorConfig())) {
            stage.startProcesses(2);
            Instant t0 = stage.enqueue(KINDS, windows(windows));
            long expected = (long) healthyCount * KINDS.size() * windows;
            int[] peak = {0};
            await(Duration.ofMinutes(30), () -> {
                peak[0] = Math.max(peak[0], stage.inFlight());
                return stage.count("SELECT count(*) FROM export_run WHERE state = 'SUCCEEDED'") >= expected;
            });
            Map<String, long[]> successes = stage.successes();
            SimulatorStats stats = stage.simulator.stats();
            double makespan = 0;
            List<Double> utilisation = new ArrayList<>();
            long maxTokens = 0;
            long orgsWithMoreThanOneToken = 0;
            for (FleetStage.Org org : all) {
                if (!org.broken()) {
                    long tokens = stats.tokenRequests(org.clientId());
                    maxTokens = Math.max(maxTokens, tokens);
                    orgsWithMoreThanOneToken += tokens > 1 ? 1 : 0;
                    double seconds = (successes.get(org.id())[1] - t0.toEpochMilli()) / 1000.0;
                    makespan = Math.max(makespan, seconds);
                    utilisation.add(stats.apiRequests(org.clientId()) / (seconds * BUDGET_PER_SECOND));
                }
            }
            long brokenTokens = all.stream().filter(FleetStage.Org::broken)
                    .mapToLong(o -> stats.tokenRequests(o.clientId())).sum();
            // Which worker exported each run (first version): how evenly orgs spread over the two.
            String perWorker = "SELECT %s(n) FROM (SELECT count(*) AS n FROM export_run_version WHERE version = 1 "
                    + "GROUP BY worker_id) AS w";
            System.out.printf(Locale.ROOT, "fleet %s: runs per worker max %d min %d over %d workers%n", label,
                    stage.count(String.format(perWorker, "max")), stage.count(String.format(perWorker, "min")),
                    stage.count("SELECT count(DISTINCT worker_id) FROM export_run_version"));
            System.out.printf(Locale.ROOT, "fleet %s: %d runs of %d healthy orgs in %.1f s; peak in flight %d; budget use "
                            + "per org while queued median %.1f %% max %.1f %%; 429s %d; token requests per healthy org "
                            + "max %d (%d orgs > 1); %d broken orgs made %d token requests%n", label, expected, healthyCount,
                    makespan, peak[0], 100 * median(utilisation), 100 * utilisation.stream().mapToDouble(d -> d).max()
                            .orElse(0), tooMany(stats), maxTokens, orgsWithMoreThanOneToken, brokenCount, brokenTokens);
            return new Figures(makespan);
        }
    }

    /** One org, {@code bench.deep-windows} x 3 runs queued at once: how much of its budget is used, and 429s. */
    private double[] deepBacklog() throws Exception {
        List<FleetStage.Org> one = orgs("deep", 1, false);
        String client = one.get(0).clientId();
        try (FleetStage stage = new FleetStage(Files.createTempDirectory(directory, "deep"), one, simulatorConfig())) {
            stage.startProcesses(2);
            Instant t0 = stage.enqueue(KINDS, windows(deepWindows));
            long expected = (long) KINDS.size() * deepWindows;
            List<long[]> samples = new ArrayList<>(); // {millis, calls}
            await(Duration.ofMinutes(30), () -> {
                samples.add(new long[] {System.currentTimeMillis(), stage.simulator.stats().apiRequests(client)});
                return stage.count("SELECT count(*) FROM export_run WHERE state = 'SUCCEEDED'") >= expected;
            });
            SimulatorStats stats = stage.simulator.stats();
            double seconds = (samples.get(samples.size() - 1)[0] - t0.toEpochMilli()) / 1000.0;
            long calls = stats.apiRequests(client);
            double best60 = 0;
            for (long[] from : samples) {
                for (long[] to : samples) {
                    if (to[0] - from[0] >= 59_000 && to[0] - from[0] <= 61_000) {
                        best60 = Math.max(best60, (to[1] - from[1]) * 60_000.0 / (to[0] - from[0]));
                    }
                }
            }
            // The first and last few seconds are ramp: the steady figure is the busiest full minute.
            System.out.printf(Locale.ROOT, "deep backlog: 1 org, %d runs in %.1f s, %d API calls = %.0f per minute "
                            + "over the whole backlog (%.1f %% of 300), busiest minute %.0f calls (%.1f %%), 429s %d, "
                            + "token requests %d%n", expected, seconds, calls, calls * 60 / seconds,
                    100 * calls / (seconds * BUDGET_PER_SECOND), best60, best60 / 3, tooMany(stats), stats.tokenRequests(client));
            return new double[] {100 * calls / (seconds * BUDGET_PER_SECOND), best60 / 3};
        }
    }

    /** Runs held in flight (jobs that take 10 minutes): heap with them minus heap after the workers closed. */
    private void memoryPerRun() throws Exception {
        List<FleetStage.Org> many = orgs("mem", memoryOrgs, false);
        SimulatorConfig.Builder config = simulatorConfig().jobs(new SimulatorConfig.JobTimings(Duration.ZERO,
                Duration.ofMinutes(10), Duration.ofHours(1)));
        try (FleetStage stage = new FleetStage(Files.createTempDirectory(directory, "memory"), many, config)) {
            long idle = heap();
            stage.startProcesses(2);
            long started = heap();
            stage.enqueue(KINDS, windows(1));
            int expected = memoryOrgs * KINDS.size();
            await(Duration.ofMinutes(10), () -> stage.inFlight() >= expected);
            long loaded = heap();
            stage.closeWorkers();
            long after = heap();
            System.out.printf(Locale.ROOT, "RESULT memory: %d runs in flight over %d orgs (2 workers): heap %.1f MB with "
                            + "them, %.1f MB after the workers closed, %.1f MB before they started, %.1f MB with workers "
                            + "started and idle: %.1f KB per run in flight (its org's token, breaker and limiter "
                            + "included)%n", expected, memoryOrgs, loaded / 1e6, after / 1e6, idle / 1e6, started / 1e6,
                    (loaded - started) / 1e3 / expected);
        }
    }

    /** {@code bench.scale-orgs} orgs x 3 kinds x 1 window: registry, enqueue, relay, dispatch, memory per org. */
    private void scale() throws Exception {
        List<FleetStage.Org> many = orgs("scale", scaleOrgs, false);
        long before = heap();
        long t = System.nanoTime();
        try (FleetStage stage = new FleetStage(Files.createTempDirectory(directory, "scale"), many, simulatorConfig())) {
            double setup = (System.nanoTime() - t) / 1e9;
            stage.startProcesses(2);
            long idle = heap();
            long e = System.nanoTime();
            Instant t0 = stage.enqueue(KINDS, windows(1));
            double enqueue = (System.nanoTime() - e) / 1e9;
            long expected = (long) scaleOrgs * KINDS.size();
            double[] relayed = {Double.NaN};
            int[] peak = {0};
            await(Duration.ofMinutes(30), () -> {
                peak[0] = Math.max(peak[0], stage.inFlight());
                if (Double.isNaN(relayed[0]) && stage.count("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0) {
                    relayed[0] = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
                }
                return stage.count("SELECT count(*) FROM export_run WHERE state = 'SUCCEEDED'") >= expected;
            });
            double makespan = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
            long loaded = heap();
            stage.closeWorkers();
            long closed = heap();
            SimulatorStats stats = stage.simulator.stats();
            long maxTokens = many.stream().mapToLong(o -> stats.tokenRequests(o.clientId())).max().orElse(0);
            System.out.printf(Locale.ROOT, "RESULT scale: %d orgs, %d runs: simulator + database + registry apply %.1f s; "
                            + "enqueue (runs + outbox, one transaction) %.2f s; relay published every task %.1f s after; "
                            + "all SUCCEEDED %.1f s after (%.0f runs/s); peak in flight %d; 429s %d; token requests per "
                            + "org max %d; heap: %.1f MB before, %.1f MB started and idle, %.1f MB after the runs, %.1f MB "
                            + "after the workers closed: workers hold %.2f KB per org%n", scaleOrgs, expected, setup, enqueue,
                    relayed[0], makespan, expected / makespan, peak[0], tooMany(stats), maxTokens, before / 1e6, idle / 1e6,
                    loaded / 1e6, closed / 1e6, (loaded - closed) / 1e3 / scaleOrgs);
        }
    }

    private static long tooMany(SimulatorStats stats) {
        return stats.asMap().keySet().stream().mapToLong(stats::tooManyRequests).sum();
    }

    private static long heap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    interface Check {
        boolean done() throws Exception;
    }

    private static void await(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + timeout);
            }
            Thread.sleep(200);
        }
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
