package dev.orgexport.orchestrator.support;

import dev.orgexport.orchestrator.Orchestrator;
import dev.orgexport.orchestrator.OrchestratorConfig;
import dev.orgexport.orchestrator.outbox.ProducerSettings;
import dev.orgexport.orchestrator.outbox.RelayConfig;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import dev.orgexport.orchestrator.sweep.SweeperConfig;
import dev.orgexport.schema.region.RegionCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/** Orchestrators with fast loops for tests: real threads, real Kafka, a settable clock. */
public final class TestOrchestrators {

    private TestOrchestrators() {
    }

    public static OrchestratorConfig fastConfig(String instanceId, String bootstrapServers, int schedulerBatch) {
        return new OrchestratorConfig(instanceId,
                new SchedulerConfig(Duration.ofMillis(100), schedulerBatch),
                new RelayConfig(1000, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(2)),
                // no workers claim in these tests: hours of simulated time must not count as stranding
                new SweeperConfig(Duration.ofMillis(200), 500, Duration.ofDays(7), Duration.ofDays(30)),
                new ProducerSettings(bootstrapServers, "orchestrator-test", Duration.ofSeconds(1), Duration.ofSeconds(3),
                        Duration.ofSeconds(1), Duration.ZERO),
                testRegistryConfig());
    }

    public static RegistryConfig testRegistryConfig() {
        return RegistryConfig.defaults().withMinEvery(Duration.ofMinutes(1));
    }

    public static OrgRegistry registry(DataSource dataSource, Clock clock) {
        return new OrgRegistry(dataSource, clock, RegionCatalog.builtIn(), testRegistryConfig());
    }

    public static Orchestrator create(DataSource dataSource, OrchestratorConfig config, Clock clock, MeterRegistry meters) {
        return Orchestrator.create(dataSource, config, clock, meters);
    }

    /** Waits until the orchestrator's scheduler has ticked at or after {@code at}. */
    public static void awaitTick(Orchestrator orchestrator, Instant at) {
        Await.until("a scheduler tick at " + at, Duration.ofSeconds(15), () -> {
            Instant last = orchestrator.status().lastTickAt();
            return last != null && !last.isBefore(at);
        });
    }
}
