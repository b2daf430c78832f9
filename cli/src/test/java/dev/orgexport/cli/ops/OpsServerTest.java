package dev.orgexport.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operations endpoints on a real HTTP server on 127.0.0.1. */
class OpsServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private OpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        registry.close();
    }

    @Test
    void metrics_are_served_in_the_prometheus_text_format() throws Exception {
        registry.counter("orgexport.test.things", "org", "alpha").increment(3);
        server = OpsServer.start(0, registry, Map.of());

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body()).contains("# TYPE orgexport_test_things_total counter")
                .contains("orgexport_test_things_total{org=\"alpha\"} 3.0");
    }

    @Test
    void live_answers_200_and_ready_answers_200_while_every_check_passes() throws Exception {
        server = OpsServer.start(0, registry, Map.of("postgresql", () -> null, "kafka", () -> null));

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
    }

    @Test
    void ready_answers_503_naming_each_failing_check_while_live_stays_200() throws Exception {
        AtomicReference<String> kafkaProblem = new AtomicReference<>("Kafka does not answer: TimeoutException");
        Map<String, OpsServer.ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("postgresql", () -> {
            throw new IllegalStateException("pool closed");
        });
        checks.put("kafka", kafkaProblem::get);
        server = OpsServer.start(0, registry, checks);

        HttpResponse<String> ready = get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("not ready\npostgresql: IllegalStateException: pool closed\n"
                + "kafka: Kafka does not answer: TimeoutException\n");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void only_get_and_head_are_answered() throws Exception {
        server = OpsServer.start(0, registry, Map.of());

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void closing_frees_the_port() throws Exception {
        server = OpsServer.start(0, registry, Map.of());
        URI live = uri("/health/live");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        server.close();
        server = null;

        // A new client: a pooled connection of the old one would fail differently.
        HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(live).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
