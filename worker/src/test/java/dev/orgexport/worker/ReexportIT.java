package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.run.PostgresRunQueueStore;
import dev.orgexport.schema.run.RequeuedRun;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.Truth;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A late re-export: a worker with no settle margin exports a window while conversations at its
 * edge are still in progress (version 1, not the truth); after the data settled an operator's
 * re-export writes version 2 beside it (equal to the truth) and records it, version 1 untouched;
 * a further re-export of unchanged data writes and records nothing new.
 */
class ReexportIT {

    private static final OffsetClock clock = new OffsetClock();
    private static WorkerStage stage;

    @BeforeAll
    static void start() {
        stage = WorkerStage.open("reexport", SimulatorConfig.builder()
                        .jobs(SimulatorConfig.JobTimings.quick(Duration.ofMillis(300)))
                        .data(SimulatorConfig.DataSizing.DEFAULT),
                List.of(StageOrg.healthy("reexport-org", "us-east-1")), false, clock);
        stage.startWorker(stage.workerConfig("worker-reexport").settleMargin(Duration.ZERO).build(), stage.environment());
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void a_re_export_after_late_changes_writes_a_new_version_and_keeps_the_first() throws Exception {
        TimeWindow window = stage.unsettledConversationHour("reexport-org", clock);
        ExportTask task = stage.enqueue("reexport-org", ExportKind.CONVERSATION_DETAILS, window);
        Run first = await(task, r -> r.state() == RunState.SUCCEEDED);
        Truth truth = stage.simulator().truth("reexport-org", ExportKind.CONVERSATION_DETAILS, window.start(), window.end());
        assertThat(first.result().sha256()).as("exported before it settled: conversations still in progress")
                .isNotEqualTo(truth.sha256());
        Path firstFile = Path.of(first.result().location());

        clock.advance(Duration.ofHours(2));
        reexport(task);
        Run second = await(task, r -> r.state() == RunState.SUCCEEDED && r.result().location().endsWith(".v2.ndjson.gz"));

        stage.assertFileMatchesTruth(second);
        assertThat(Path.of(second.result().location())).hasFileName(firstFile.getFileName().toString()
                .replace(".ndjson.gz", ".v2.ndjson.gz"));
        assertThat(WorkerStage.sha256(gunzip(firstFile))).as("version 1 untouched").isEqualTo(first.result().sha256());
        assertThat(versionRows(task)).hasSize(2);

        reexport(task);
        Run third = await(task, r -> r.state() == RunState.SUCCEEDED);
        assertThat(third.result()).as("unchanged data: no new version").isEqualTo(second.result());
        assertThat(versionRows(task)).hasSize(2);
        try (var files = Files.list(firstFile.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ndjson.gz")))
                    .containsExactlyInAnyOrder(firstFile.getFileName().toString(),
                            Path.of(second.result().location()).getFileName().toString());
        }
    }

    /** What {@code orgexport backfill --reexport} does, with this stage standing in for the outbox relay. */
    private static void reexport(ExportTask task) throws Exception {
        try (Connection connection = stage.dataSource().getConnection()) {
            List<RequeuedRun> runs = new PostgresRunQueueStore().reexportRange(connection, task.orgId(), task.kind(),
                    task.window().start(), task.window().end(), clock.instant());
            assertThat(runs).extracting(RequeuedRun::runId).containsExactly(task.runId());
        }
        stage.publish(task);
    }

    private static Run await(ExportTask task, java.util.function.Predicate<Run> done) {
        Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(), () -> done.test(stage.run(task.runId())));
        return stage.run(task.runId());
    }

    private static List<String> versionRows(ExportTask task) {
        return stage.tableText("export_run_version").lines().filter(line -> line.contains(task.runId().toString())).toList();
    }

    private static byte[] gunzip(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
