package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.event.EventCodec;
import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.schema.event.ExportSucceeded;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.SimulatorConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * At-least-once delivery and crashes: a task delivered twice exports once; a worker that dies
 * mid-export leaves a lease that expires and a second worker finishes the run by polling the
 * same platform job; a worker that shuts down gives its lease back without spending the attempt.
 */
class RedeliveryIT {

    private static final TimeWindow WINDOW = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-01T01:00:00Z"));

    private static WorkerStage stage(String name, Duration jobPending) {
        return WorkerStage.open(name, SimulatorConfig.builder()
                        .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, jobPending, Duration.ofHours(1)))
                        .data(new SimulatorConfig.DataSizing(5, 12, 2, Duration.ZERO)),
                List.of(StageOrg.healthy("org-a", "eu-central-1")));
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<ExportEvent> events(WorkerStage stage) {
        EventCodec codec = new EventCodec();
        return stage.events();
    }

    private static long submits(WorkerStage stage) {
        return stage.simulator().stats().apiRequests(stage.org("org-a").clientId(), Endpoint.CONVERSATION_JOB_SUBMIT);
    }

    @Test
    void a_task_delivered_twice_is_exported_once() throws IOException {
        try (WorkerStage stage = stage("twice", Duration.ofMillis(300))) {
            WorkerEnvironment environment = stage.environment();
            stage.startWorker(stage.workerConfig("worker-twice").build(), environment);
            MeterRegistry meters = environment.meters();
            ExportTask task = stage.enqueue("org-a", ExportKind.CONVERSATION_DETAILS, WINDOW);
            stage.publish(task);

            Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).state() == RunState.SUCCEEDED);
            stage.publish(task); // a third delivery, after success
            Await.until(Duration.ofSeconds(30), () -> "skips so far: " + skipped(meters),
                    () -> skipped(meters) == 2);

            Run run = stage.run(task.runId());
            assertThat(run.attempt()).isEqualTo(1);
            stage.assertFileMatchesTruth(run);
            assertThat(filesUnder(stage.outputRoot())).containsExactly(Path.of(run.result().location()));
            assertThat(submits(stage)).isEqualTo(1);
            assertThat(events(stage)).hasSize(1);
        }
    }

    private static double skipped(MeterRegistry meters) {
        return meters.find("orgexport.worker.tasks.skipped").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void a_worker_that_dies_mid_export_is_taken_over_after_its_lease_expires() throws IOException {
        try (WorkerStage stage = stage("abandon", Duration.ofSeconds(3))) {
            Worker first = stage.startWorker(stage.workerConfig("worker-dies").build());
            ExportTask task = stage.enqueue("org-a", ExportKind.CONVERSATION_DETAILS, WINDOW);
            Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).platformJobId() != null);

            first.halt();
            Run abandoned = stage.run(task.runId());
            assertThat(abandoned.state()).isEqualTo(RunState.RUNNING);
            assertThat(abandoned.leaseOwner()).isEqualTo("worker-dies");

            stage.startWorker(stage.workerConfig("worker-takes-over").build());
            Await.until(Duration.ofSeconds(30), () -> "lease until " + stage.run(task.runId()).leaseExpiresAt(),
                    () -> stage.run(task.runId()).leaseExpiresAt().isBefore(Instant.now()));
            stage.publish(task); // what the sweeper will do for a RUNNING run whose lease expired
            Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).state() == RunState.SUCCEEDED);

            Run run = stage.run(task.runId());
            assertThat(run.attempt()).isEqualTo(2);
            assertThat(run.platformJobId()).isEqualTo(abandoned.platformJobId());
            assertThat(submits(stage)).isEqualTo(1);
            stage.assertFileMatchesTruth(run);
            assertThat(filesUnder(stage.outputRoot())).containsExactly(Path.of(run.result().location()));
            assertThat(events(stage)).singleElement().satisfies(event ->
                    assertThat(((ExportSucceeded) event).workerId()).isEqualTo("worker-takes-over"));
        }
    }

    @Test
    void a_worker_shutting_down_gives_its_lease_back_and_the_next_worker_polls_the_same_job() {
        try (WorkerStage stage = stage("giveback", Duration.ofSeconds(3))) {
            Worker first = stage.startWorker(stage.workerConfig("worker-leaves").shutdownGrace(Duration.ZERO).build());
            ExportTask task = stage.enqueue("org-a", ExportKind.CONVERSATION_DETAILS, WINDOW);
            Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).platformJobId() != null);

            first.close();
            Run givenBack = stage.run(task.runId());
            assertThat(givenBack.state()).isEqualTo(RunState.RUNNING);
            assertThat(givenBack.attempt()).isZero();
            assertThat(givenBack.leaseExpiresAt()).isBeforeOrEqualTo(Instant.now());

            stage.startWorker(stage.workerConfig("worker-next").build());
            stage.publish(task);
            Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(),
                    () -> stage.run(task.runId()).state() == RunState.SUCCEEDED);

            Run run = stage.run(task.runId());
            assertThat(run.attempt()).isEqualTo(1);
            assertThat(submits(stage)).isEqualTo(1);
            stage.assertFileMatchesTruth(run);
        }
    }
}
