package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An org's {@code serviceNames} (orgs.yaml, on the org row) reaches the platform's audit query:
 * its audit-events file holds only that service's events, where an org without it gets every
 * service's. Real worker, Kafka, PostgreSQL and simulator.
 */
class AuditServiceNamesIT {

    private static final TimeWindow DAY = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-02T00:00:00Z"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WorkerStage stage;

    @BeforeAll
    static void start() {
        stage = WorkerStage.open("services", SimulatorConfig.builder()
                        .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(100), Duration.ofHours(1)))
                        .data(new SimulatorConfig.DataSizing(5, 10, 4, Duration.ZERO)),
                List.of(StageOrg.healthy("org-filtered", "us-east-1"), StageOrg.healthy("org-all", "us-east-1")));
        stage.execute("UPDATE org SET service_names = ARRAY['PeoplePermissions'] WHERE id = 'org-filtered'");
        stage.startWorker(stage.workerConfig("worker-services").pageSize(100).build());
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void an_orgs_service_name_filters_its_audit_query_and_an_org_without_one_gets_every_service() throws Exception {
        ExportTask filtered = stage.enqueue("org-filtered", ExportKind.AUDIT_EVENTS, DAY);
        ExportTask all = stage.enqueue("org-all", ExportKind.AUDIT_EVENTS, DAY);

        List<String> filteredServices = servicesIn(await(filtered));
        Run everyRun = await(all);
        stage.assertFileMatchesTruth(everyRun);
        List<String> everyService = servicesIn(everyRun);

        assertThat(filteredServices).as("org-filtered's events").isNotEmpty().containsOnly("PeoplePermissions");
        assertThat(everyService).as("org-all's events come from several services").contains("PeoplePermissions")
                .anyMatch(service -> !service.equals("PeoplePermissions"));
    }

    private static Run await(ExportTask task) {
        Await.until(Duration.ofSeconds(30), () -> stage.run(task.runId()).toString(),
                () -> stage.run(task.runId()).state() == RunState.SUCCEEDED);
        return stage.run(task.runId());
    }

    private static List<String> servicesIn(Run run) throws Exception {
        List<String> services = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(run.result().location())))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode record = JSON.readTree(line);
                    services.add(record.get("serviceName").asText());
                }
            }
        }
        return services;
    }
}
