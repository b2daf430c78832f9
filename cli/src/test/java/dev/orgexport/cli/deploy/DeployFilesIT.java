package dev.orgexport.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.demo.SecretFiles;
import dev.orgexport.cli.process.InProcessSystem;
import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.orchestrator.backfill.Backfill;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alert rules under {@code deploy/} against a live
 * scrape: an orchestrator and a worker (built as the {@code orchestrator} and {@code worker}
 * commands build them, in one process as {@code standalone} runs them) on a real Kafka broker,
 * PostgreSQL and the simulator, with the events that make lazily registered series appear: a
 * broken org (auth failures, quarantine), a platform budget smaller than the client's (429s) and
 * a poison task record (dead letter).
 *
 * <p>Checked: the rules file is YAML of rule groups, each rule with a name, an expression, a
 * valid {@code for}, a severity and a summary; the dashboard is JSON whose panels have unique ids,
 * positions and queries; every expression of both parses ({@link PromQl}: balanced brackets,
 * known functions and aggregations, quoted matchers, valid durations and regexes); every metric
 * they name is in the scrape, and every label they match or group by is on one of its series
 * (or is a label Prometheus adds: instance, job).
 */
class DeployFilesIT {

    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()));
    private static final Path RULES = ROOT.resolve("deploy/prometheus/orgexport-alerts.yml");
    private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/orgexport-dashboard.json");
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    @TempDir
    static Path directory;

    private static Simulator simulator;
    private static EmbeddedKafka kafka;
    private static InProcessSystem system;
    private static List<String> expressions;
    /** Metric name in the scrape -> label names on its series. */
    private static Map<String, Set<String>> scraped = Map.of();
    private static String lastScrape = "";

    @BeforeAll
    static void run_a_stack_and_scrape_it() throws Exception {
        expressions = new ArrayList<>(ruleExpressions());
        expressions.addAll(dashboardExpressions());
        Set<String> wanted = new TreeSet<>();
        expressions.forEach(e -> wanted.addAll(PromQl.parse(e).metrics()));

        simulator = Simulator.start(SimulatorConfig.builder()
                .limits(new Limits(20, 120, BudgetScope.TOKEN))
                .org("east", "East", "us-east-1")
                .client(Client.of("east-client", SecretFiles.writeRandom(directory.resolve("east.secret")), "east"))
                .org("broken", "Broken", "us-west-2")
                .client(Client.of("broken-client", SecretFiles.writeRandom(directory.resolve("broken.secret")), "broken"))
                .build(), 0);
        kafka = EmbeddedKafka.inTemporaryDirectory().start();
        FreshDatabase database = PostgresProvider.shared().freshDatabase("deployfiles");
        int port = freePort();
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "database.url", database.jdbcUrl(),
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.partitions", "2",
                "platform.base-url", "http://127.0.0.1:" + simulator.port() + "/{region}",
                "worker.output-root", directory.resolve("exports").toString(),
                "worker.id", "deploy-files-it",
                "worker.job-poll-interval", "PT0.1S",
                "orchestrator.scheduler.tick", "PT1S",
                "orchestrator.relay.poll-interval", "PT0.1S",
                "orchestrator.sweeper.interval", "PT1S"));
        if (database.user() != null) {
            settings.put("database.user", database.user());
        }
        system = InProcessSystem.start(Configuration.of(settings, "DeployFilesIT"), registry(), port,
                new PrintWriter(new StringWriter()));

        Instant to = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.HOURS);
        Backfill backfill = new Backfill(database.dataSource(), Clock.systemUTC());
        for (String org : List.of("east", "broken")) {
            for (ExportKind kind : ExportKind.values()) {
                backfill.run(org, kind, to.minus(Duration.ofHours(6)), to);
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("orgexport.tasks", "east".getBytes(StandardCharsets.UTF_8),
                    "this is not a task".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }

        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (System.nanoTime() < deadline && !scraped.keySet().containsAll(wanted)) {
            Thread.sleep(1_000);
            lastScrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            scraped = series(lastScrape);
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void the_alert_rules_are_groups_of_named_rules_with_duration_severity_and_summary() throws IOException {
        JsonNode groups = new YAMLMapper().readTree(RULES.toFile()).get("groups");
        assertThat(groups).as("groups").isNotNull();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode group : groups) {
            assertThat(group.path("name").asText()).isNotBlank();
            for (JsonNode rule : group.get("rules")) {
                String name = rule.path("alert").asText();
                assertThat(name).as(rule.toString()).matches("[A-Za-z][A-Za-z0-9_]*");
                assertThat(names.add(name)).as("alert %s named once", name).isTrue();
                assertThat(rule.path("expr").asText()).as(name).isNotBlank();
                if (rule.has("for")) {
                    assertThat(rule.get("for").asText()).as(name).matches("\\d+(ms|s|m|h|d|w|y)");
                }
                assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("page", "ticket");
                assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            }
        }
        assertThat(names).contains("OrgexportOrgFailingAuth", "OrgexportQuarantineLong", "OrgexportWindowsBehindSchedule",
                "OrgexportDeadLetterGrowth", "OrgexportConsumerStalled");
    }

    @Test
    void the_dashboard_has_unique_panel_ids_positions_and_a_query_per_target() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        Set<Integer> ids = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s once", panel.path("id")).isTrue();
            assertThat(panel.path("gridPos").has("w")).as(panel.path("title").asText()).isTrue();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
                assertThat(target.path("refId").asText()).isNotBlank();
            }
        }
        assertThat(dashboardExpressions()).hasSizeGreaterThan(15);
    }

    @Test
    void every_expression_parses() {
        for (String expression : expressions) {
            assertThat(PromQl.parse(expression).metrics()).as(expression).isNotEmpty();
        }
    }

    @Test
    void every_metric_the_dashboard_and_the_rules_name_is_in_a_live_scrape() {
        Set<String> missing = new TreeSet<>();
        for (String expression : expressions) {
            for (String metric : PromQl.parse(expression).metrics()) {
                if (!scraped.containsKey(metric)) {
                    missing.add(metric);
                }
            }
        }
        assertThat(missing).as("metrics not in the scrape:\n%s", lastScrape).isEmpty();
    }

    @Test
    void every_label_they_match_or_group_by_is_on_a_series_of_the_metric() {
        List<String> problems = new ArrayList<>();
        for (String expression : expressions) {
            PromQl.Result result = PromQl.parse(expression);
            Map<String, Set<String>> used = new HashMap<>();
            result.matchedLabels().forEach((metric, labels) -> used.computeIfAbsent(metric, k -> new TreeSet<>()).addAll(labels));
            result.groupedBy().forEach((metric, labels) -> used.computeIfAbsent(metric, k -> new TreeSet<>()).addAll(labels));
            used.forEach((metric, labels) -> {
                for (String label : labels) {
                    if (!TARGET_LABELS.contains(label) && !scraped.getOrDefault(metric, Set.of()).contains(label)) {
                        problems.add(metric + " has no label " + label + " (in " + expression + ")");
                    }
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void the_estate_gauges_show_the_broken_org_quarantined_failing_and_behind() {
        assertThat(lastScrape).containsPattern("orgexport_org_quarantine_age_seconds\\{org=\"broken\"} \\d")
                .containsPattern("orgexport_windows_missing\\{kind=\"[a-z-]+\",org=\"broken\"} [1-9]")
                .containsPattern("orgexport_windows_oldest_missing_age_seconds\\{kind=\"[a-z-]+\",org=\"broken\"} [1-9]")
                .containsPattern("orgexport_org_auth_failures_recent\\{kind=\"CREDENTIALS_REJECTED\",org=\"broken\"} [1-9]")
                .contains("orgexport_worker_consumer_stalled 0.0");
    }

    private static List<String> ruleExpressions() throws IOException {
        List<String> result = new ArrayList<>();
        for (JsonNode group : new YAMLMapper().readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                result.add(rule.path("expr").asText());
            }
        }
        return result;
    }

    private static List<String> dashboardExpressions() throws IOException {
        List<String> result = new ArrayList<>();
        new ObjectMapper().readTree(DASHBOARD.toFile()).findValues("expr").forEach(e -> result.add(e.asText()));
        return result;
    }

    /** Metric name -> label names, from the Prometheus text format. */
    static Map<String, Set<String>> series(String scrape) {
        Map<String, Set<String>> result = new HashMap<>();
        for (String line : scrape.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int end = brace >= 0 && brace < space ? brace : space;
            Set<String> labels = result.computeIfAbsent(line.substring(0, end), k -> new TreeSet<>());
            if (end == brace) {
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
        }
        return result;
    }

    private static Path registry() throws IOException {
        StringBuilder yaml = new StringBuilder("orgs:\n");
        for (String org : List.of("east", "broken")) {
            yaml.append("  - id: ").append(org).append("\n    name: ").append(org).append("\n    region: us-east-1")
                    .append("\n    clientId: ").append(org).append("-client\n    secret: file:")
                    .append(directory.resolve(org + ".secret")).append("\n    exports:\n");
            for (ExportKind kind : ExportKind.values()) {
                yaml.append("      - kind: ").append(kind.wireName()).append("\n        every: PT1H\n");
            }
        }
        return Files.writeString(directory.resolve("orgs.yaml"), yaml);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
