package dev.orgexport.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.kafka.KafkaBroker;
import dev.orgexport.devstack.kafka.KafkaProvider;
import dev.orgexport.orchestrator.support.Await;
import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.orchestrator.support.TaskTopicReader;
import dev.orgexport.orchestrator.support.TestDatabase;
import dev.orgexport.orchestrator.support.TestOrchestrators;
import dev.orgexport.schema.db.Database;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorIT {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static KafkaBroker kafka;
    private static TestDatabase db;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        kafka = KafkaProvider.shared();
        kafka.createTopic(ExportTask.TOPIC, 3);
        db = TestDatabase.create("orchestrator");
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void two_instances_through_sixty_simulated_minutes_enqueue_every_window_exactly_once() {
        SettableClock clock = new SettableClock(T0);
        TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, "orgs.yaml",
                Registries.orgs("dual", 10, "eu-west-1", List.of("{kind: conversation-details, every: PT1M}",
                        "{kind: audit-events, every: PT5M, lag: PT2M}"))), false);
        SimpleMeterRegistry metersA = new SimpleMeterRegistry();
        SimpleMeterRegistry metersB = new SimpleMeterRegistry();
        // Two pools, as two processes would have; small scheduler batches so the instances interleave.
        try (Database poolA = db.openAnotherPool(4); Database poolB = db.openAnotherPool(4);
             Orchestrator a = TestOrchestrators.create(poolA.dataSource(),
                     TestOrchestrators.fastConfig("orch-a", kafka.bootstrapServers(), 2), clock, metersA);
             Orchestrator b = TestOrchestrators.create(poolB.dataSource(),
                     TestOrchestrators.fastConfig("orch-b", kafka.bootstrapServers(), 2), clock, metersB);
             TaskTopicReader reader = new TaskTopicReader(kafka.bootstrapServers(), ExportTask.TOPIC)) {
            a.start();
            b.start();
            for (int minute = 1; minute <= 60; minute++) {
                Instant now = clock.advance(Duration.ofMinutes(1));
                TestOrchestrators.awaitTick(a, now);
                TestOrchestrators.awaitTick(b, now);
            }
            PostgresOutboxStore outbox = new PostgresOutboxStore(db.dataSource());
            Await.until("an empty outbox", Duration.ofSeconds(30), () -> outbox.backlog() == 0);

            long expected = 10 * 60 + 10 * 11;
            assertThat(db.count("SELECT count(*) FROM export_run WHERE org_id LIKE 'dual-%'")).isEqualTo(expected);
            assertThat(db.query("SELECT org_id, kind, count(*), min(window_start) = ?, "
                    + "max(window_start) - min(window_start) = (count(*) - 1) * s.every FROM export_run r "
                    + "JOIN export_schedule s USING (org_id, kind) WHERE org_id LIKE 'dual-%' GROUP BY org_id, kind, s.every",
                    T0.atOffset(java.time.ZoneOffset.UTC)))
                    .hasSize(20)
                    .allSatisfy(row -> {
                        assertThat(row.get(2)).isEqualTo(row.get(1).equals("conversation-details") ? 60L : 11L);
                        assertThat(row.get(3)).as("first window starts at T0").isEqualTo(true);
                        assertThat(row.get(4)).as("windows are contiguous").isEqualTo(true);
                    });
            assertThat(db.count("SELECT count(*) FROM outbox WHERE record_key LIKE 'dual-%'")).isEqualTo(expected);
            assertThat(db.query("SELECT payload->>'runId' FROM outbox GROUP BY 1 HAVING count(*) > 1")).isEmpty();

            Set<UUID> runIds = runIds("dual-%");
            List<TaskTopicReader.Consumed> consumed = reader.readUntil(
                    all -> consumedRunIds(all, "dual-").keySet().containsAll(runIds), Duration.ofSeconds(30));
            Map<UUID, Long> perRun = consumedRunIds(consumed, "dual-");
            assertThat(perRun.keySet()).isEqualTo(runIds);
            assertThat(perRun.values()).as("each task consumed exactly once").allMatch(count -> count == 1);

            double createdByA = metersA.counter("orgexport.scheduler.runs.created").count();
            double createdByB = metersB.counter("orgexport.scheduler.runs.created").count();
            System.out.printf("[OrchestratorIT] runs created by orch-a %.0f, by orch-b %.0f%n", createdByA, createdByB);
            assertThat(createdByA + createdByB).isEqualTo(expected);
            assertThat(createdByA).as("both instances took part").isPositive();
            assertThat(createdByB).as("both instances took part").isPositive();
        }
    }

    @Test
    void an_orchestrator_down_for_three_hours_creates_the_missed_windows_oldest_first_within_its_catch_up() {
        SettableClock clock = new SettableClock(T0);
        TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, "orgs.yaml",
                Registries.orgs("down", 1, "us-east-1",
                        List.of("{kind: conversation-details, every: PT15M, lag: PT5M, catchUp: PT1H}"))), false);
        PostgresOutboxStore outbox = new PostgresOutboxStore(db.dataSource());
        try (Orchestrator before = TestOrchestrators.create(db.dataSource(),
                TestOrchestrators.fastConfig("before", kafka.bootstrapServers(), 500), clock, new SimpleMeterRegistry())) {
            before.start();
            TestOrchestrators.awaitTick(before, clock.advance(Duration.ofMinutes(20)));
            Await.until("an empty outbox", Duration.ofSeconds(30), () -> outbox.backlog() == 0);
        }
        assertThat(windowStarts("down-0")).containsExactly(T0);

        clock.advance(Duration.ofHours(3));
        try (Orchestrator after = TestOrchestrators.create(db.dataSource(),
                TestOrchestrators.fastConfig("after", kafka.bootstrapServers(), 500), clock, new SimpleMeterRegistry());
             TaskTopicReader reader = new TaskTopicReader(kafka.bootstrapServers(), ExportTask.TOPIC)) {
            after.start();
            TestOrchestrators.awaitTick(after, clock.instant());
            Await.until("an empty outbox", Duration.ofSeconds(30), () -> outbox.backlog() == 0);

            // Due at 03:20 with lag 5 min: the 12 windows 00:15..03:00; catchUp PT1H keeps 02:00..03:00.
            List<Instant> expected = List.of(T0, T0.plus(Duration.ofMinutes(120)), T0.plus(Duration.ofMinutes(135)),
                    T0.plus(Duration.ofMinutes(150)), T0.plus(Duration.ofMinutes(165)), T0.plus(Duration.ofMinutes(180)));
            assertThat(windowStarts("down-0")).containsExactlyElementsOf(expected);
            assertThat(db.query("SELECT (payload->'window'->>'start')::timestamptz FROM outbox WHERE record_key = 'down-0' "
                    + "ORDER BY id")).extracting(row -> ((java.sql.Timestamp) row.get(0)).toInstant())
                    .as("outbox rows oldest first").containsExactlyElementsOf(expected);
            assertThat(db.query("SELECT action, status, message FROM audit_event WHERE org_id = 'down-0' AND action <> 'AddOrg'"))
                    .containsExactly(List.of("SkipWindows", "WARNING", "skipped 7 conversation-details windows "
                            + "2030-01-01T00:15:00Z/2030-01-01T02:00:00Z: older than the catch-up of PT1H before the "
                            + "newest due window; run orgexport backfill to export them"));

            List<TaskTopicReader.Consumed> consumed = reader.readUntil(
                    all -> all.stream().filter(c -> c.key().equals("down-0")).count() >= 6, Duration.ofSeconds(30));
            assertThat(consumed.stream().filter(c -> c.key().equals("down-0")).map(c -> c.task().window().start()))
                    .as("tasks of one org arrive oldest first").containsExactlyElementsOf(expected);
        }
    }

    private static List<Instant> windowStarts(String orgId) {
        return db.query("SELECT EXTRACT(EPOCH FROM window_start)::bigint FROM export_run WHERE org_id = ? ORDER BY window_start",
                orgId).stream().map(row -> Instant.ofEpochSecond(((Number) row.get(0)).longValue())).toList();
    }

    private static Set<UUID> runIds(String orgPattern) {
        return db.query("SELECT run_id FROM export_run WHERE org_id LIKE ?", orgPattern).stream()
                .map(row -> (UUID) row.get(0)).collect(Collectors.toSet());
    }

    private static Map<UUID, Long> consumedRunIds(List<TaskTopicReader.Consumed> consumed, String keyPrefix) {
        return consumed.stream().filter(c -> c.key().startsWith(keyPrefix))
                .collect(Collectors.groupingBy(c -> c.task().runId(), Collectors.counting()));
    }

}
