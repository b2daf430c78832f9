package dev.orgexport.worker;

import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of one worker with small exports at simulator latency 0, and SQL statements per task.
 * Each round: a fresh stage (database, topics, group, simulator), {@code ORGS} orgs x 3 kinds x
 * {@code WINDOWS} windows published before the worker starts, then the time until every run is
 * SUCCEEDED. Prints each round and the medians.
 *
 * <pre>
 * ./mvnw -q -Dorgexport.target=target-worker -pl worker -am test-compile -Pworker-benchmark \
 *     [-Dbench.orgs=40 -Dbench.windows=5 -Dbench.rounds=3 -Dbench.concurrency=8]
 * </pre>
 */
public final class WorkerBenchmark {

    private WorkerBenchmark() {
    }

    public static void main(String[] args) {
        int orgs = Integer.getInteger("bench.orgs", 40);
        int windows = Integer.getInteger("bench.windows", 5);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int concurrency = Integer.getInteger("bench.concurrency", 8);
        int tasks = orgs * 3 * windows;
        System.out.printf(Locale.ROOT, "worker benchmark: %d orgs x 3 kinds x %d windows = %d tasks, concurrency %d, "
                + "simulator latency 0, %d rounds%n", orgs, windows, tasks, concurrency, rounds);
        double[] wall = new double[rounds];
        double[] steady = new double[rounds];
        double[] statements = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            double[] figures = round(round, orgs, windows, concurrency);
            wall[round] = figures[0];
            steady[round] = figures[1];
            statements[round] = figures[2];
            System.out.printf(Locale.ROOT, "round %d: %.1f tasks/s from worker start (group join included), "
                    + "%.1f tasks/s between first and last success, %.2f SQL statements per task%n",
                    round + 1, wall[round], steady[round], statements[round]);
        }
        System.out.printf(Locale.ROOT, "median: %.1f tasks/s from start, %.1f tasks/s steady, %.2f SQL statements per task%n",
                median(wall), median(steady), median(statements));
        System.exit(0);
    }

    private static double[] round(int round, int orgCount, int windowCount, int concurrency) {
        List<StageOrg> orgs = new ArrayList<>();
        for (int i = 0; i < orgCount; i++) {
            orgs.add(StageOrg.healthy(String.format("bench-%03d", i), i % 2 == 0 ? "us-east-1" : "eu-west-1"));
        }
        try (WorkerStage stage = WorkerStage.open("bench" + round, SimulatorConfig.builder()
                .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
                .data(new SimulatorConfig.DataSizing(1, 3, 2, Duration.ZERO)), orgs, false)) {
            Instant base = Instant.parse("2024-05-01T00:00:00Z");
            int tasks = 0;
            for (StageOrg org : orgs) {
                for (ExportKind kind : ExportKind.values()) {
                    for (int w = 0; w < windowCount; w++) {
                        Instant start = base.plus(Duration.ofHours(w));
                        stage.enqueue(org.id(), kind, new TimeWindow(start, start.plus(Duration.ofHours(1))));
                        tasks++;
                    }
                }
            }
            int expected = tasks;
            long statementsBefore = stage.counting().statements();
            long begin = System.nanoTime();
            WorkerEnvironment environment = stage.environment();
            stage.startWorker(stage.workerConfig("bench-worker-" + round).concurrency(concurrency).pageSize(100).build(),
                    environment);
            Await.until(Duration.ofMinutes(10), () -> "not all succeeded", () -> stage.runs().stream()
                    .filter(run -> run.state() == RunState.SUCCEEDED).count() == expected);
            double seconds = (System.nanoTime() - begin) / 1e9;
            // The harness's own polling reads go through another pool; only the worker's statements are counted.
            double perTask = (double) (stage.counting().statements() - statementsBefore) / expected;
            printBreakdown(environment.meters());
            List<Instant> finished = stage.runs().stream().map(Run::updatedAt).sorted().toList();
            double steadySeconds = Duration.between(finished.get(0), finished.get(finished.size() - 1)).toNanos() / 1e9;
            return new double[] {expected / seconds, (expected - 1) / steadySeconds, perTask};
        }
    }

    /** Where an export's time goes: its mean wall time, and the mean time of each platform call. */
    private static void printBreakdown(MeterRegistry meters) {
        StringBuilder line = new StringBuilder("  mean export ");
        double exportMillis = meters.find("orgexport.worker.export.duration").timers().stream()
                .mapToDouble(t -> t.mean(TimeUnit.MILLISECONDS)).average().orElse(0);
        line.append(String.format(Locale.ROOT, "%.0f ms; platform calls:", exportMillis));
        for (Timer timer : meters.find("orgexport.platform.calls").tag("outcome", "success").timers()) {
            line.append(String.format(Locale.ROOT, " %s %.1f ms x%d", timer.getId().getTag("operation"),
                    timer.mean(TimeUnit.MILLISECONDS), timer.count()));
        }
        Timer handOver = meters.find("orgexport.worker.handover").timer();
        Timer turn = meters.find("orgexport.worker.poll").timer();
        line.append(String.format(Locale.ROOT, "; consumer thread: hand-over %.1f ms x%d, loop turn %.1f ms x%d",
                handOver.mean(TimeUnit.MILLISECONDS), handOver.count(), turn.mean(TimeUnit.MILLISECONDS), turn.count()));
        System.out.println(line);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
