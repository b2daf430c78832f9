package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.event.EventCodec;
import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.schema.event.ExportSucceeded;
import dev.orgexport.schema.quarantine.OrgQuarantine;
import dev.orgexport.schema.quarantine.PostgresQuarantineStore;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunState;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.SimulatorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker against a fleet: 20 correctly configured orgs in six regions plus the seed's
 * secondary org (configured in us-east-1, its client lives in us-west-2), three kinds and two
 * windows each. One worker, real Kafka, PostgreSQL and simulator over HTTP. The scenario runs
 * once; each test checks one guarantee of the outcome.
 */
class FleetExportIT {

    private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1", "eu-central-1",
            "ap-southeast-2", "ca-central-1");
    private static final String SECONDARY = "org-secondary";
    private static final List<TimeWindow> WINDOWS = List.of(
            new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-01T01:00:00Z")),
            new TimeWindow(Instant.parse("2024-05-01T01:00:00Z"), Instant.parse("2024-05-01T02:00:00Z")));

    private static LogCapture logs;
    private static WorkerStage stage;
    private static MeterRegistry meters;
    private static final List<StageOrg> HEALTHY = new ArrayList<>();
    private static final List<UUID> SECONDARY_RUNS = new ArrayList<>();
    private static Instant started;
    private static Instant lastSuccess;

    @BeforeAll
    static void runTheFleet() {
        logs = LogCapture.attach();
        for (int i = 1; i <= 20; i++) {
            HEALTHY.add(StageOrg.healthy(String.format("org-%02d", i), REGIONS.get(i % REGIONS.size())));
        }
        List<StageOrg> orgs = new ArrayList<>(HEALTHY);
        orgs.add(new StageOrg(SECONDARY, "us-west-2", "us-east-1", "client-secondary", "secondary-secret-9f1c2e"));
        stage = WorkerStage.open("fleet", SimulatorConfig.builder()
                .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(30), Duration.ofHours(1)))
                .data(new SimulatorConfig.DataSizing(2, 9, 3, Duration.ZERO)), orgs);
        WorkerEnvironment environment = stage.environment();
        meters = environment.meters();
        started = Instant.now();
        stage.startWorker(stage.workerConfig("worker-fleet").pageSize(3).build(), environment);
        for (StageOrg org : orgs) {
            for (ExportKind kind : ExportKind.values()) {
                for (TimeWindow window : WINDOWS) {
                    UUID runId = stage.enqueue(org.id(), kind, window).runId();
                    if (org.id().equals(SECONDARY)) {
                        SECONDARY_RUNS.add(runId);
                    }
                }
            }
        }
        Await.until(Duration.ofMinutes(2), () -> states().toString(), () -> {
            Map<RunState, Long> states = states();
            return states.getOrDefault(RunState.SUCCEEDED, 0L) == 120 && states.getOrDefault(RunState.RETRY_WAIT, 0L) == 6;
        });
        lastSuccess = Instant.now();
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
        logs.detach();
    }

    private static Map<RunState, Long> states() {
        return stage.runs().stream().collect(Collectors.groupingBy(Run::state, Collectors.counting()));
    }

    private static List<AuditEvent> auditOf(String orgId) {
        return new PostgresAuditStore(stage.dataSource()).since(started.minusSeconds(60), orgId, 1000);
    }

    @Test
    void every_healthy_run_succeeds_with_the_simulators_count_and_checksum() {
        List<Run> healthy = stage.runs().stream().filter(run -> !run.orgId().equals(SECONDARY)).toList();
        System.out.printf("fleet: 120 exports in %d ms%n", Duration.between(started, lastSuccess).toMillis());

        assertThat(healthy).hasSize(120).allSatisfy(run -> assertThat(run.state()).isEqualTo(RunState.SUCCEEDED));
        healthy.forEach(stage::assertFileMatchesTruth);
        assertThat(healthy).extracting(Run::attempt).containsOnly(1);
        assertThat(meters.counter("orgexport.worker.exports", "kind", "conversation-details", "outcome", "succeeded")
                .count()).isEqualTo(40);
    }

    @Test
    void each_success_is_published_once_with_the_files_facts() {
        EventCodec codec = new EventCodec();
        Map<UUID, Run> runs = stage.runs().stream().collect(Collectors.toMap(Run::runId, Function.identity()));

        List<ExportEvent> events = stage.events();

        assertThat(events).hasSize(120).allSatisfy(event -> {
            assertThat(event).isInstanceOf(ExportSucceeded.class);
            ExportSucceeded succeeded = (ExportSucceeded) event;
            Run run = runs.get(succeeded.runId());
            assertThat(succeeded.location()).isEqualTo(run.result().location());
            assertThat(succeeded.records()).isEqualTo(run.result().records());
            assertThat(succeeded.bytes()).isEqualTo(run.result().bytes());
            assertThat(succeeded.sha256()).isEqualTo(run.result().sha256());
        });
        assertThat(events.stream().map(ExportEvent::runId).distinct()).hasSize(120);
    }

    @Test
    void the_misconfigured_secondary_org_is_audited_with_where_and_why_and_its_runs_wait() {
        StageOrg secondary = stage.org(SECONDARY);
        List<AuditEvent> failures = auditOf(SECONDARY).stream().filter(e -> e.action().equals("Authenticate")).toList();

        // One row per rejected token request, each with its own correlation id.
        assertThat(failures).hasSize((int) stage.simulator().stats().tokenRequests(secondary.clientId()));
        assertThat(failures).extracting(e -> e.context().correlationId()).doesNotHaveDuplicates();
        AuditEvent failure = failures.get(0);
        assertThat(failure.serviceName()).isEqualTo("PeoplePermissions");
        assertThat(failure.entityType()).isEqualTo("AccessToken");
        assertThat(failure.entityId()).isEqualTo(secondary.clientId());
        assertThat(failure.status()).isEqualTo("FAILURE");
        assertThat(failure.level()).isEqualTo("SYSTEM");
        AuditEvent.Context context = failure.context();
        assertThat(context.failureKind()).isEqualTo("CREDENTIALS_REJECTED");
        assertThat(context.region()).isEqualTo("us-east-1");
        assertThat(context.host()).isEqualTo("127.0.0.1:" + stage.proxy().port() + "/us-east-1");
        assertThat(context.httpStatus()).isEqualTo(401);
        assertThat(context.errorCode()).isEqualTo("invalid_client");
        assertThat(context.correlationId()).isNotBlank();
        assertThat(context.diagnosis()).isEqualTo(FailureKind.CREDENTIALS_REJECTED.operatorHint());
        assertThat(context.runId()).isIn(SECONDARY_RUNS);
        assertThat(context.attempt()).isEqualTo(1);
        assertThat(context.workerId()).isEqualTo("worker-fleet");

        List<Run> waiting = SECONDARY_RUNS.stream().map(stage::run).toList();
        assertThat(waiting).allSatisfy(run -> {
            assertThat(run.state()).isEqualTo(RunState.RETRY_WAIT);
            assertThat(run.lastFailureKind()).isIn("CREDENTIALS_REJECTED", "ORG_QUARANTINED");
            assertThat(run.nextAttemptAt()).isAfter(Instant.now().plus(Duration.ofMinutes(1)));
            assertThat(run.leaseOwner()).isNull();
        });
    }

    @Test
    void once_quarantined_the_secondary_org_makes_no_more_token_requests() {
        OrgQuarantine quarantine = new PostgresQuarantineStore(stage.dataSource(), Clock.systemUTC())
                .findLive(SECONDARY).orElseThrow();
        assertThat(quarantine.reason()).startsWith("CREDENTIALS_REJECTED");
        assertThat(quarantine.setBy()).isEqualTo("worker-fleet");
        assertThat(auditOf(SECONDARY)).extracting(AuditEvent::action).contains("Quarantine");
        String client = stage.org(SECONDARY).clientId();
        long before = stage.simulator().stats().tokenRequests(client);
        // Calls admitted before the breaker opened may each have sent a request; never more than its runs.
        assertThat(before).isBetween(1L, (long) SECONDARY_RUNS.size());

        TimeWindow later = new TimeWindow(WINDOWS.get(1).end(), WINDOWS.get(1).end().plus(Duration.ofHours(1)));
        List<UUID> more = Stream.of(ExportKind.values()).map(kind -> stage.enqueue(SECONDARY, kind, later).runId()).toList();
        Await.until(Duration.ofSeconds(30), () -> more.stream().map(id -> stage.run(id).state()).toList().toString(),
                () -> more.stream().allMatch(id -> stage.run(id).state() == RunState.RETRY_WAIT));

        assertThat(more).allSatisfy(id -> assertThat(stage.run(id).lastFailureKind()).isEqualTo("ORG_QUARANTINED"));
        assertThat(stage.simulator().stats().tokenRequests(client)).isEqualTo(before);
        assertThat(stage.simulator().stats().apiRequests(client)).isZero();
    }

    @Test
    void healthy_orgs_have_no_failure_in_the_audit_trail_only_their_pinning_and_one_token_each() {
        for (StageOrg org : HEALTHY) {
            assertThat(auditOf(org.id())).as(org.id()).singleElement().satisfies(event -> {
                assertThat(event.action()).isEqualTo("PinOrganization");
                assertThat(event.entityId()).isEqualTo(org.id()); // the stage's simulator org ids equal the org ids
            });
            assertThat(stage.simulator().stats().tokenRequests(org.clientId())).as(org.id()).isEqualTo(1);
        }
    }

    @Test
    void no_secret_and_no_token_appears_in_logs_audit_rows_kafka_records_or_files() throws IOException {
        Set<String> secrets = Stream.concat(HEALTHY.stream(), Stream.of(stage.org(SECONDARY)))
                .map(StageOrg::secret).collect(Collectors.toSet());
        Set<String> tokens = stage.proxy().tokens();
        assertThat(tokens).as("tokens issued during the run").hasSize(20);

        StringBuilder haystack = new StringBuilder(logs.text());
        for (String table : List.of("audit_event", "export_run", "org_quarantine", "org", "outbox", "dead_letter")) {
            haystack.append(stage.tableText(table));
        }
        for (String topic : List.of(stage.tasksTopic(), stage.dlqTopic(), stage.eventsTopic())) {
            for (ConsumerRecord<byte[], byte[]> record : stage.readAll(topic)) {
                haystack.append(text(record.key())).append(text(record.value()));
                for (Header header : record.headers()) {
                    haystack.append(header.key()).append(text(header.value()));
                }
            }
        }
        try (Stream<Path> files = Files.walk(stage.outputRoot())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                haystack.append(file).append('\n');
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    haystack.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        String everything = haystack.toString();

        assertThat(everything).contains("org-01").contains("CREDENTIALS_REJECTED");
        for (String secret : secrets) {
            assertThat(everything).as("a client secret").doesNotContain(secret);
        }
        for (String token : tokens) {
            assertThat(everything).as("an access token").doesNotContain(token);
        }
    }

    @Test
    void a_run_costs_a_handful_of_sql_statements() {
        double perTask = (double) stage.counting().statements() / stage.runs().size();
        System.out.printf("SQL statements per task: %.2f%n", perTask);

        assertThat(perTask).isLessThan(8.0);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8) + "\n";
    }
}
