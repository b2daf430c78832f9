package dev.orgexport.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orgexport orchestrator --http-port P} as an operator runs it (a child JVM, configuration
 * file plus environment): the web console answers on the ops port next to /metrics, refuses
 * without the operator token, and pauses an org for a signed-in operator through the same code
 * path as the CLI, leaving an audit row that names them.
 */
class OrchestratorConsoleIT {

    @TempDir
    Path directory;

    @Test
    void the_orchestrator_serves_the_console_on_its_http_port_with_token_sign_in() throws Exception {
        String token = "it-" + UUID.randomUUID();
        try (EmbeddedKafka kafka = EmbeddedKafka.inTemporaryDirectory().start()) {
            FreshDatabase database = PostgresProvider.shared().freshDatabase("orchestrator_console");
            Path secret = Files.writeString(directory.resolve("org.secret"), "not-used\n");
            Path registry = Files.writeString(directory.resolve("orgs.yaml"), "orgs:\n  - id: alpha\n    name: Alpha\n"
                    + "    region: us-east-1\n    clientId: alpha-client\n    secret: file:" + secret + "\n    exports:\n"
                    + "      - kind: user-details\n        every: PT1H\n", StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("pgpass"), database.password() + "\n");
            Path config = Files.writeString(directory.resolve("orgexport.conf"), String.join("\n",
                    "database.url = " + database.jdbcUrl(), "database.user = " + database.user(),
                    "database.password = file:" + directory.resolve("pgpass"),
                    "kafka.bootstrap-servers = " + kafka.bootstrapServers(), "kafka.partitions = 1",
                    "console.auth.token = env:CONSOLE_TOKEN", ""), StandardCharsets.UTF_8);
            int port = freePort();
            Process orchestrator = launch(List.of("orchestrator", "--config", config.toString(), "--registry",
                    registry.toString(), "--http-port", String.valueOf(port)), token);
            try {
                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                awaitLive(http, port, orchestrator);

                HttpResponse<String> anonymous = send(http, get(port, "/console/").build());
                assertThat(anonymous.statusCode()).isEqualTo(303);
                assertThat(anonymous.headers().firstValue("Location")).hasValue("/console/login?next=%2Fconsole%2F");
                assertThat(send(http, get(port, "/metrics").build()).statusCode()).isEqualTo(200);

                HttpResponse<String> signIn = send(http, post(port, "/console/login", "operator=dana&secret=" + token, null));
                assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(303);
                String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
                String overview = send(http, get(port, "/console/").header("Cookie", cookie).build()).body();
                assertThat(overview).contains("data-org=\"alpha\"", "Signed in as dana");

                String confirm = send(http, get(port, "/console/orgs/alpha/pause").header("Cookie", cookie).build()).body();
                Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(confirm);
                assertThat(csrf.find()).as(confirm).isTrue();
                HttpResponse<String> paused = send(http, post(port, "/console/orgs/alpha/pause", "csrf=" + csrf.group(1), cookie));
                assertThat(paused.body()).contains("org alpha paused by dana (console, operator token)");
                assertThat(auditRows(database)).containsExactly("PauseOrg org alpha paused by dana (console, operator token)");
                assertThat(registryRows(database)).singleElement().asString().startsWith("AddOrg org alpha added to the "
                        + "registry by " + System.getProperty("user.name") + " (--registry at start) applying ");
                assertThat(Files.readString(directory.resolve("orchestrator.out"))).doesNotContain(token);
            } finally {
                orchestrator.destroy();
                if (!orchestrator.waitFor(30, TimeUnit.SECONDS)) {
                    orchestrator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The operators' USER audit rows, less the registry's. */
    private static List<String> auditRows(FreshDatabase database) throws Exception {
        return auditRows(database, "action <> 'AddOrg'");
    }

    private static List<String> registryRows(FreshDatabase database) throws Exception {
        return auditRows(database, "action = 'AddOrg'");
    }

    private static List<String> auditRows(FreshDatabase database, String condition) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT action, message FROM audit_event WHERE level = 'USER' AND " + condition
                     + " ORDER BY event_date")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getString(2));
            }
        }
        return rows;
    }

    private void awaitLive(HttpClient http, int port, Process orchestrator) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && orchestrator.isAlive()) {
            try {
                if (send(http, get(port, "/health/live").build()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the process is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the orchestrator did not serve /health/live; its output:\n"
                + Files.readString(directory.resolve("orchestrator.out"), StandardCharsets.UTF_8));
    }

    private Process launch(List<String> args, String token) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add(1, "-Dlogback.configurationFile=" + logback);
        }
        command.add("dev.orgexport.cli.Main");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("orchestrator.out").toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("ORGEXPORT_"));
        builder.environment().put("CONSOLE_TOKEN", token);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static HttpRequest.Builder get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).GET();
    }

    private static HttpRequest post(int port, String path, String form, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return request.build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
