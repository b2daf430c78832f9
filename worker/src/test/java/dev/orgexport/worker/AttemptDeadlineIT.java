package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.platform.region.BaseUrls;
import dev.orgexport.platform.region.RegionSettings;
import dev.orgexport.schema.run.PostgresRunQueueStore;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A platform that accepts connections and never answers: the attempt ends at its deadline and
 * releases its lease, the heartbeat stops renewing a lease whose call is open past its patience,
 * and another worker (reaching the real simulator) completes the run. A platform that answers,
 * but later than the lease, keeps the lease.
 */
class AttemptDeadlineIT {

    private static final String REGION = "eu-central-1";
    private static final TimeWindow WINDOW = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-01T01:00:00Z"));

    /** Accepts every connection and never writes a byte. */
    private static final class BlackHole implements AutoCloseable {
        final ServerSocket server;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        BlackHole() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    private static WorkerStage stage(String name) {
        return WorkerStage.open(name, SimulatorConfig.builder()
                        .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(200), Duration.ofHours(1)))
                        .data(new SimulatorConfig.DataSizing(5, 12, 2, Duration.ZERO)),
                List.of(StageOrg.healthy("org-a", REGION)));
    }

    private static WorkerEnvironment unanswered(WorkerStage stage, BlackHole hole) {
        return stage.environment(platform -> platform.withRegions(RegionSettings.defaults().withBaseUrls(REGION,
                BaseUrls.both("http://127.0.0.1:" + hole.server.getLocalPort() + "/" + REGION))));
    }

    private static final RetryPolicy QUICK_RETRY = new RetryPolicy(5, Duration.ofDays(1), Duration.ofMillis(200),
            Duration.ofSeconds(1), 2.0, 0.0);

    @Test
    void a_call_that_never_answers_ends_the_attempt_at_its_deadline_and_another_worker_completes_the_run()
            throws IOException {
        try (WorkerStage stage = stage("deadline"); BlackHole hole = new BlackHole()) {
            Worker stuck = stage.startWorker(stage.workerConfig("worker-stuck").retry(QUICK_RETRY)
                    .jobTimeout(Duration.ofSeconds(1))
                    .dispatch(DispatchSettings.DEFAULT.withAttemptDeadline(Duration.ofSeconds(2))).build(),
                    unanswered(stage, hole));
            ExportTask task = stage.enqueue("org-a", ExportKind.CONVERSATION_DETAILS, WINDOW);

            Await.until(Duration.ofSeconds(20), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).state() == RunState.RETRY_WAIT);
            Run ended = stage.run(task.runId());
            assertThat(hole.accepted).as("the worker's calls reached the silent platform").isNotEmpty();
            assertThat(ended.lastFailureKind()).isEqualTo("ATTEMPT_DEADLINE");
            assertThat(ended.leaseOwner()).as("lease released").isNull();
            assertThat(ended.attempt()).isEqualTo(1);
            assertThat(stuck.inFlight()).isZero();
            stuck.close();

            stage.startWorker(stage.workerConfig("worker-healthy").build());
            Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(), () -> {
                stage.sweep(PostgresRunQueueStore.Due.RETRY_DUE);
                return stage.run(task.runId()).state() == RunState.SUCCEEDED;
            });
            Run run = stage.run(task.runId());
            assertThat(run.attempt()).isEqualTo(2);
            stage.assertFileMatchesTruth(run);
        }
    }

    @Test
    void a_platform_slower_than_the_lease_keeps_the_lease_while_each_call_is_within_its_patience() {
        try (WorkerStage stage = stage("slowcalls")) {
            // lease 3 s and heartbeat 0.5 s (the stage's), every answer 4 s late: no step starts within a
            // lease, but each open call is younger than worker.call-patience (10 min by default).
            stage.simulator().setLatency(REGION, Duration.ofSeconds(4));
            stage.startWorker(stage.workerConfig("worker-patient").build());
            ExportTask task = stage.enqueue("org-a", ExportKind.AUDIT_EVENTS, WINDOW);

            Await.until(Duration.ofSeconds(120), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).state() == RunState.SUCCEEDED);
            Run run = stage.run(task.runId());
            assertThat(run.attempt()).as("never taken over nor stopped for a lost lease").isEqualTo(1);
            stage.assertFileMatchesTruth(run);
        }
    }

    @Test
    void the_lease_of_a_run_stuck_in_one_call_is_not_extended_so_another_worker_can_take_it_over()
            throws IOException {
        try (WorkerStage stage = stage("noprogress"); BlackHole hole = new BlackHole()) {
            // lease 3 s, heartbeat 0.5 s, a call patience of 1 s; the deadline (60 s) is far away: only the
            // heartbeat decides.
            Worker stuckWorker = stage.startWorker(stage.workerConfig("worker-stuck").jobTimeout(Duration.ofSeconds(30))
                    .dispatch(DispatchSettings.DEFAULT.withAttemptDeadline(Duration.ofSeconds(60))
                            .withCallPatience(Duration.ofSeconds(1))).build(),
                    unanswered(stage, hole));
            ExportTask task = stage.enqueue("org-a", ExportKind.CONVERSATION_DETAILS, WINDOW);
            Await.until(Duration.ofSeconds(20), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).state() == RunState.RUNNING);
            Instant claimedLease = stage.run(task.runId()).leaseExpiresAt();

            Await.until(Duration.ofSeconds(20), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).leaseExpiresAt().isBefore(Instant.now()));
            Run stuck = stage.run(task.runId());
            assertThat(stuck.state()).isEqualTo(RunState.RUNNING);
            assertThat(stuck.leaseOwner()).isEqualTo("worker-stuck");
            // Only the heartbeats within the call's patience (1 s) extended it.
            assertThat(stuck.leaseExpiresAt()).isBefore(claimedLease.plusSeconds(3));

            // The stuck worker still owns the partition; in production the sweeper's task would go back to
            // it (it would claim the expired lease again); here it leaves first, and its late writes are fenced.
            stuckWorker.close();
            assertThat(stage.sweep(PostgresRunQueueStore.Due.LEASE_EXPIRED)).isEqualTo(1);
            stage.startWorker(stage.workerConfig("worker-healthy").build());
            Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).state() == RunState.SUCCEEDED);
            Run run = stage.run(task.runId());
            assertThat(run.leaseOwner()).isNull();
            stage.assertFileMatchesTruth(run);
        }
    }
}
