package dev.orgexport.orchestrator.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.orchestrator.Orchestrator;
import dev.orgexport.orchestrator.support.Await;
import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.orchestrator.support.TaskTopicReader;
import dev.orgexport.orchestrator.support.TestDatabase;
import dev.orgexport.orchestrator.support.TestOrchestrators;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import dev.orgexport.schema.task.ExportTask;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    @Test
    void runs_created_while_kafka_is_down_are_all_published_and_consumed_once_it_returns() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2030-06-01T00:00:00Z"));
        try (EmbeddedKafka kafka = EmbeddedKafka.inTemporaryDirectory().start();
             TestDatabase db = TestDatabase.create("outage")) {
            kafka.createTopic(ExportTask.TOPIC, 3);
            TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, "orgs.yaml",
                    Registries.orgs("outage", 5, "eu-central-1", List.of("{kind: conversation-details, every: PT1M}"))),
                    false);
            PostgresOutboxStore outbox = new PostgresOutboxStore(db.dataSource());
            try (Orchestrator orchestrator = TestOrchestrators.create(db.dataSource(),
                    TestOrchestrators.fastConfig("outage", kafka.bootstrapServers(), 500), clock, new SimpleMeterRegistry())) {
                orchestrator.start();
                for (int i = 0; i < 3; i++) {
                    TestOrchestrators.awaitTick(orchestrator, clock.advance(Duration.ofMinutes(1)));
                }
                Await.until("an empty outbox before the outage", Duration.ofSeconds(30), () -> outbox.backlog() == 0);

                kafka.stop();
                long outageStart = System.nanoTime();
                long maxBacklog = 0;
                int maxFailuresInARow = 0;
                while (System.nanoTime() - outageStart < OUTAGE.toNanos()) {
                    TestOrchestrators.awaitTick(orchestrator, clock.advance(Duration.ofMinutes(1)));
                    maxBacklog = Math.max(maxBacklog, outbox.backlog());
                    maxFailuresInARow = Math.max(maxFailuresInARow, orchestrator.status().relayFailuresInARow());
                    Thread.sleep(1000);
                }
                long createdDuringOutage = db.count("SELECT count(*) FROM outbox WHERE published_at IS NULL");
                System.out.printf("[KafkaOutageIT] Kafka down %d s: %d tasks waiting, relay failed %d rounds in a row%n",
                        (System.nanoTime() - outageStart) / 1_000_000_000, createdDuringOutage, maxFailuresInARow);
                assertThat(maxBacklog).as("runs kept being created while Kafka was down").isGreaterThanOrEqualTo(50);
                assertThat(maxFailuresInARow).as("the relay noticed and backed off").isPositive();

                kafka.start();
                long back = System.nanoTime();
                Await.until("an empty outbox after the outage", Duration.ofSeconds(60), () -> outbox.backlog() == 0);
                System.out.printf("[KafkaOutageIT] outbox drained %d ms after Kafka returned%n",
                        (System.nanoTime() - back) / 1_000_000);
                assertThat(orchestrator.status().relayFailuresInARow()).isZero();
            }

            Set<UUID> runIds = db.query("SELECT run_id FROM export_run").stream().map(row -> (UUID) row.get(0))
                    .collect(Collectors.toSet());
            assertThat(db.count("SELECT count(*) FROM outbox WHERE published_at IS NULL")).isZero();
            try (TaskTopicReader reader = new TaskTopicReader(kafka.bootstrapServers(), ExportTask.TOPIC)) {
                List<TaskTopicReader.Consumed> consumed = reader.readUntil(
                        all -> all.stream().map(c -> c.task().runId()).collect(Collectors.toSet()).containsAll(runIds),
                        Duration.ofSeconds(60));
                Map<UUID, Long> perRun = consumed.stream()
                        .collect(Collectors.groupingBy(c -> c.task().runId(), Collectors.counting()));
                long duplicates = perRun.values().stream().filter(n -> n > 1).count();
                System.out.printf("[KafkaOutageIT] %d runs, %d tasks consumed, %d runs delivered more than once%n",
                        runIds.size(), consumed.size(), duplicates);
                assertThat(perRun.keySet()).as("every task consumed, none unknown").isEqualTo(runIds);
            }
        }
    }
}
