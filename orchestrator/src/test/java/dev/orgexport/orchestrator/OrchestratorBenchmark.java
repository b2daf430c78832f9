package dev.orgexport.orchestrator;

import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.orchestrator.outbox.OutboxRelay;
import dev.orgexport.orchestrator.outbox.ProducerSettings;
import dev.orgexport.orchestrator.outbox.RelayConfig;
import dev.orgexport.orchestrator.registry.ApplyResult;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.orchestrator.schedule.Scheduler;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.schedule.TickReport;
import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.task.ExportTask;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * 10,000 orgs due in one tick: how long until every run row exists (scheduler tick) and every
 * task is published and acknowledged by Kafka (relay drained), with the default batch sizes.
 * Real PostgreSQL (embedded) and a real Kafka broker (in-process), on this machine. Not a test:
 * run it by hand (see BENCHMARKS.md); it prints each round and the medians.
 */
public final class OrchestratorBenchmark {

    private static final int ORGS = Integer.getInteger("orgs", 10_000);
    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");

    private OrchestratorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("orch_bench");
        try (Database db = Database.open(new DatabaseConfig(fresh.jdbcUrl(), fresh.user() == null ? "" : fresh.user(),
                fresh.password(), 10, DatabaseConfig.DEFAULT_CONNECTION_TIMEOUT));
             EmbeddedKafka kafka = EmbeddedKafka.inTemporaryDirectory().start()) {
            kafka.createTopic(ExportTask.TOPIC, 6);
            SettableClock clock = new SettableClock(T0);
            Path file = Files.createTempFile("orgs-bench", ".yaml");
            Files.writeString(file, Registries.orgs("bench", ORGS, "eu-west-1",
                    List.of("{kind: conversation-details, every: PT5M}")));
            long applyStart = System.nanoTime();
            ApplyResult applied = new OrgRegistry(db.dataSource(), clock, RegionCatalog.builtIn(), RegistryConfig.defaults())
                    .apply(file, false);
            long applyMillis = (System.nanoTime() - applyStart) / 1_000_000;
            if (!applied.applied()) {
                throw new IllegalStateException(applied.render());
            }
            System.out.printf(Locale.ROOT, "registry apply of %,d orgs: %d ms%n", ORGS, applyMillis);

            Scheduler scheduler = new Scheduler(db.dataSource(), clock, SchedulerConfig.defaults(), new SimpleMeterRegistry());
            ProducerSettings settings = ProducerSettings.of(kafka.bootstrapServers());
            PostgresOutboxStore outbox = new PostgresOutboxStore(db.dataSource());
            List<Long> ticks = new ArrayList<>();
            List<Long> totals = new ArrayList<>();
            try (OutboxRelay relay = new OutboxRelay(db.dataSource(), clock, RelayConfig.defaults(),
                    () -> new KafkaProducer<>(settings.properties()), settings.deliveryTimeout().plusSeconds(5),
                    new SimpleMeterRegistry())) {
                for (int round = 0; round <= ROUNDS; round++) {
                    clock.set(T0.plus(Duration.ofMinutes(5L * (round + 1))));
                    long start = System.nanoTime();
                    TickReport tick = scheduler.tick();
                    long tickDone = System.nanoTime();
                    int published = 0;
                    OutboxRelay.Round relayRound;
                    do {
                        relayRound = relay.publishOnce();
                        if (relayRound.failed()) {
                            throw new IllegalStateException("relay failed: " + relayRound.failure());
                        }
                        published += relayRound.published();
                    } while (relayRound.read() == RelayConfig.DEFAULT_BATCH_SIZE);
                    long done = System.nanoTime();
                    check(db, tick, published, outbox);
                    long tickMillis = (tickDone - start) / 1_000_000;
                    long totalMillis = (done - start) / 1_000_000;
                    // Round 0 warms up the JIT, the connection pool and the producer.
                    System.out.printf(Locale.ROOT, "round %d%s: %,d runs created in %d ms, all %,d published in %d ms%n",
                            round, round == 0 ? " (warm-up)" : "", tick.runsCreated(), tickMillis, published, totalMillis);
                    if (round > 0) {
                        ticks.add(tickMillis);
                        totals.add(totalMillis);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "median of %d rounds: every run row exists after %d ms, every task published after "
                    + "%d ms (target < 5000 ms)%n", ROUNDS, median(ticks), median(totals));
        }
        System.exit(0);
    }

    private static void check(Database db, TickReport tick, int published, PostgresOutboxStore outbox) throws Exception {
        if (tick.runsCreated() != ORGS || published != ORGS || outbox.backlog() != 0) {
            throw new IllegalStateException("expected " + ORGS + " runs created and published, got " + tick.runsCreated()
                    + " and " + published + ", backlog " + outbox.backlog());
        }
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(DISTINCT window_start) FROM export_run")) {
            rows.next();
            if (rows.getLong(1) < 1) {
                throw new IllegalStateException("no runs");
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
