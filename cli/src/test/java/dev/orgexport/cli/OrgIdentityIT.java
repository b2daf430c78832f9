package dev.orgexport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.OrchestratorBinding;
import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.cli.demo.SecretFiles;
import dev.orgexport.cli.process.StartedResources;
import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.orchestrator.Orchestrator;
import dev.orgexport.orchestrator.backfill.Backfill;
import dev.orgexport.orchestrator.registry.ApplyResult;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.platform.diagnose.DiagnoseOptions;
import dev.orgexport.platform.diagnose.Diagnosis;
import dev.orgexport.platform.diagnose.Verdict;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.Truth;
import dev.orgexport.worker.KafkaSettings;
import dev.orgexport.worker.Worker;
import dev.orgexport.worker.WorkerConfig;
import dev.orgexport.worker.WorkerEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, "two ids per org", as an operator meets it: the simulator's organizations have UUID
 * ids, as on Genesys Cloud, and the registry is written as examples/orgs.yaml teaches (short ids
 * of the operator's own, no organizationId). Every org exports, each is pinned once to its
 * organization by two workers racing for the first token (one PinOrganization audit row each);
 * then a client of another org configured for one of them is refused with ORG_MISMATCH naming
 * both organizations, by the worker and by diagnose. All real: Kafka, PostgreSQL, the simulator
 * over HTTP, the orchestrator and two workers.
 */
class OrgIdentityIT {

    /** Operator's id, the platform's organization id and name, the region. */
    private record Org(String id, String organizationId, String name, String region) {
        String clientId() {
            return id + "-export";
        }
    }

    private static final List<Org> ORGS = List.of(
            new Org("acme-us", "8a3f5c21-6d4e-4b7a-9c1f-2e5d8b7a6c01", "Acme Inc. (US)", "us-east-1"),
            new Org("acme-eu", "8a3f5c21-6d4e-4b7a-9c1f-2e5d8b7a6c02", "Acme Europe", "eu-central-1"),
            new Org("globex-us", "8a3f5c21-6d4e-4b7a-9c1f-2e5d8b7a6c03", "Globex Corporation", "us-east-1"));

    @TempDir
    Path directory;

    private final StartedResources started = new StartedResources("the test's processes");

    @Test
    void friendly_ids_against_uuid_organizations_export_pin_once_and_refuse_a_client_of_another_org() throws Exception {
        EmbeddedKafka kafka = remember(EmbeddedKafka.inTemporaryDirectory().start());
        kafka.createTopic(ExportTask.TOPIC, 4);
        kafka.createTopic(KafkaSettings.DEFAULT_DLQ_TOPIC, 1);
        kafka.createTopic(KafkaSettings.DEFAULT_EVENTS_TOPIC, 1);
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("identity");
        DataSource db = remember(Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password())
                .withMaxPoolSize(20))).dataSource();
        SimulatorConfig.Builder simulatorConfig = SimulatorConfig.builder()
                .limits(new SimulatorConfig.Limits(60_000, 1_000, SimulatorConfig.BudgetScope.TOKEN))
                .jobs(new SimulatorConfig.JobTimings(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofHours(1)))
                .data(new SimulatorConfig.DataSizing(1, 3, 5, Duration.ZERO));
        for (Org org : ORGS) {
            simulatorConfig.org(org.organizationId(), org.name(), org.region())
                    .client(SimulatorConfig.Client.of(org.clientId(), SecretFiles.writeRandom(secretFile(org)),
                            org.organizationId()));
        }
        Simulator simulator = remember(Simulator.start(simulatorConfig.build(), 0));
        Clock clock = Clock.systemUTC();
        OrgRegistry registry = new OrgRegistry(db, clock, RegionCatalog.builtIn(), RegistryConfig.defaults());

        ApplyResult applied = registry.apply(writeRegistry(Map.of()), false);
        assertThat(applied.valid()).as(applied.render()).isTrue();
        assertThat(applied.render()).contains("organization: pinned by the first verified token");

        Orchestrator orchestrator = remember(Orchestrator.create(db, OrchestratorBinding.config(Configuration.of(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "orchestrator.instance-id", "identity-orchestrator",
                "orchestrator.relay.poll-interval", "PT0.05S",
                "orchestrator.sweeper.interval", "PT0.2S"), "OrgIdentityIT"), Map.of()), clock, new SimpleMeterRegistry()));
        orchestrator.start();
        startWorkers(kafka.bootstrapServers(), simulator.port(), db);

        Instant to = clock.instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        Instant from = to.minus(Duration.ofDays(1));
        Backfill backfill = new Backfill(db, clock);
        for (Org org : ORGS) {
            for (ExportKind kind : ExportKind.values()) {
                backfill.run(org.id(), kind, from, to);
            }
        }
        awaitRuns(db, "state = 'SUCCEEDED'", ORGS.size() * ExportKind.values().length);
        for (List<Object> run : query(db, "SELECT org_id, kind, window_start, record_count, sha256 FROM export_run")) {
            Org org = org((String) run.get(0));
            Truth truth = simulator.truth(org.organizationId(), ExportKind.fromWireName((String) run.get(1)),
                    ((java.time.OffsetDateTime) run.get(2)).toInstant(), ((java.time.OffsetDateTime) run.get(2))
                            .toInstant().plus(Duration.ofDays(1)));
            assertThat(List.of(run.get(3), run.get(4))).as("%s: the file holds the organization's data", run)
                    .containsExactly(truth.records(), truth.sha256());
        }
        for (Org org : ORGS) {
            OrgRecord row = new PostgresOrgStore(db).find(org.id()).orElseThrow();
            assertThat(row.organizationId()).as("no organizationId in the file").isNull();
            assertThat(row.pin()).as("%s pinned", org.id()).isNotNull();
            assertThat(row.pin().organizationId()).isEqualTo(org.organizationId());
            assertThat(row.pin().organizationName()).isEqualTo(org.name());
            assertThat(row.pin().clientId()).isEqualTo(org.clientId());
            assertThat(row.pin().region()).isEqualTo(org.region());
        }
        List<List<Object>> pins = query(db, "SELECT org_id, entity_id, entity_name, message, region FROM audit_event "
                + "WHERE action = 'PinOrganization' ORDER BY org_id");
        assertThat(pins).as("one pinning audit row per org, whatever the two workers raced")
                .extracting(row -> row.get(0)).containsExactly("acme-eu", "acme-us", "globex-us");
        for (List<Object> pin : pins) {
            Org org = org((String) pin.get(0));
            assertThat(pin).as("the pinning row names the organization, its name, the client and the region")
                    .containsExactly(org.id(), org.organizationId(), org.name(), pin.get(3), org.region());
            assertThat((String) pin.get(3)).contains(org.clientId()).contains(org.region());
        }
        assertThat(EndToEndEvidence.troubleAuditRows(db)).as("no failure while pinning").isEmpty();

        // The operator pastes globex's client into acme-us: a reviewed change, then refused by the pin.
        Org acme = ORGS.get(0);
        Org globex = ORGS.get(2);
        ApplyResult swapped = registry.apply(writeRegistry(Map.of(acme.id(), globex)), false);
        System.out.println(swapped.render());
        assertThat(swapped.diff().identity()).singleElement().satisfies(change -> {
            assertThat(change.orgId()).isEqualTo(acme.id());
            assertThat(change.details()).singleElement().asString().contains("clientId acme-us-export -> globex-us-export")
                    .contains("must belong to organization " + acme.organizationId() + " (" + acme.name() + ")");
        });
        assertThat(swapped.render()).contains("identity changes, review before applying").contains("! acme-us");
        backfill.run(acme.id(), ExportKind.CONVERSATION_DETAILS, from.minus(Duration.ofDays(1)), from);
        awaitRuns(db, "last_failure_kind = 'ORG_MISMATCH'", 1);

        List<List<Object>> mismatch = query(db, "SELECT message, diagnosis FROM audit_event "
                + "WHERE message_code = 'ACCESSTOKENCREATE_ORG_MISMATCH' AND org_id = 'acme-us'");
        assertThat(mismatch).isNotEmpty();
        assertThat((String) mismatch.get(0).get(0)).as("the audit row names both organizations")
                .contains(acme.organizationId()).contains(acme.name())
                .contains(globex.organizationId()).contains(globex.name());
        assertThat((String) mismatch.get(0).get(1)).as("the hint names both organizations")
                .contains(acme.organizationId()).contains(globex.organizationId()).contains(globex.name());
        assertThat(new PostgresOrgStore(db).find(acme.id()).orElseThrow().pin().organizationId())
                .as("the pin holds").isEqualTo(acme.organizationId());

        PlatformSettings platform = PlatformSettings.defaults().withRegions(
                PlatformConfiguration.routeEveryRegion("http://127.0.0.1:" + simulator.port() + "/{region}"));
        try (PlatformGateway gateway = PlatformGateway.builder(platform).build()) {
            Diagnosis diagnosis = gateway.diagnoser().diagnose(
                    OrgCredentials.of(new PostgresOrgStore(db).find(acme.id()).orElseThrow()), DiagnoseOptions.defaults());
            System.out.println(diagnosis.render());
            assertThat(diagnosis.verdict()).isEqualTo(Verdict.ORG_MISMATCH);
            assertThat(diagnosis.cause()).contains(acme.id()).contains(acme.organizationId()).contains(acme.name())
                    .contains(globex.organizationId()).contains(globex.name());
        }
    }

    /** The registry as the example teaches: short ids, no organizationId; {@code swaps} puts another org's client in. */
    private Path writeRegistry(Map<String, Org> swaps) throws Exception {
        StringBuilder yaml = new StringBuilder("orgs:\n");
        for (Org org : ORGS) {
            Org client = swaps.getOrDefault(org.id(), org);
            yaml.append("  - id: ").append(org.id()).append('\n')
                    .append("    name: ").append(org.name()).append('\n')
                    .append("    region: ").append(org.region()).append('\n')
                    .append("    clientId: ").append(client.clientId()).append('\n')
                    .append("    secret: file:").append(secretFile(client)).append('\n')
                    .append("    exports:\n");
            for (ExportKind kind : ExportKind.values()) {
                yaml.append("      - kind: ").append(kind.wireName()).append("\n        every: P1D\n        catchUp: PT0S\n");
            }
        }
        Path file = directory.resolve("orgs.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private Path secretFile(Org org) {
        return directory.resolve(org.id() + ".secret");
    }

    private static Org org(String id) {
        return ORGS.stream().filter(org -> org.id().equals(id)).findFirst().orElseThrow();
    }

    private void startWorkers(String bootstrapServers, int simulatorPort, DataSource db) {
        PlatformSettings platform = EndToEndWorkers.platform(simulatorPort);
        for (int i = 1; i <= 2; i++) {
            WorkerConfig config = EndToEndWorkers.config("identity-worker-" + i, bootstrapServers, directory.resolve("exports"))
                    .pageSize(50)
                    .build();
            remember(Worker.start(config, WorkerEnvironment.of(db, platform, SecretResolver.system())));
        }
    }

    private static void awaitRuns(DataSource db, String condition, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (query(db, "SELECT run_id FROM export_run WHERE " + condition).size() < count) {
            if (System.nanoTime() > deadline) {
                fail("fewer than %d runs with %s after 60 s: %s", count, condition,
                        query(db, "SELECT org_id, kind, state, last_failure_kind, last_failure_message FROM export_run"));
            }
            Thread.sleep(100);
        }
    }

    private static List<List<Object>> query(DataSource db, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = db.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = result.getObject(i);
                    row.add(value instanceof java.sql.Timestamp ? result.getObject(i, java.time.OffsetDateTime.class) : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private <T extends AutoCloseable> T remember(T resource) {
        return started.remember(resource);
    }

    @AfterEach
    void stopEverything() throws Exception {
        started.close();
    }
}
