package dev.orgexport.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.cli.CliRun;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One run of {@code orgexport demo --http-port PORT} in this JVM, scraped while its workers
 * export: {@code /metrics} must show the worker's export meters, the token broker's and the
 * circuit breakers' series; {@code /health/*} must answer; the demo must tell its story, exit 0
 * and free the port.
 */
class DemoMetricsIT {

    /** Series that only exist once the workers have done something: exports ended, tokens issued, a breaker opened. */
    private static final List<String> DURING_THE_RUN = List.of(
            // A success, not just the first attempt that ended: waits and postponements end first.
            "orgexport_worker_exports_total{kind=\"user-details\",outcome=\"succeeded\"",
            "orgexport_platform_tokens_issued_total",
            "orgexport_platform_breaker_transitions_total{",
            "orgexport_worker_breaker_state{");

    private static int port;
    private static CliRun.Result demo;
    /** The last scrape taken while the demo ran (the one that had every series, when one did). */
    private static String scrape = "";
    private static int liveStatus;
    private static HttpResponse<String> ready;
    private static HttpResponse<String> console;

    @BeforeAll
    static void run_the_demo_and_scrape_it() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<CliRun.Result> running = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                running.complete(CliRun.run("demo", "--http-port", String.valueOf(port)));
            } catch (Throwable e) {
                running.completeExceptionally(e);
            }
        }, "demo-under-test");
        thread.start();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!running.isDone() && System.nanoTime() < deadline) {
            try {
                if (ready == null) {
                    // First answer of the server: the demo's workers have just started, its runs are not settled.
                    liveStatus = get(http, "/health/live").statusCode();
                    ready = get(http, "/health/ready");
                    console = get(http, "/console/");
                }
                String body = get(http, "/metrics").body();
                scrape = body;
                if (DURING_THE_RUN.stream().allMatch(body::contains)) {
                    break;
                }
            } catch (IOException notYetOrNoMore) {
                // The endpoints are served from the workers' start until the runs settle.
            }
            Thread.sleep(100);
        }
        demo = running.get(120, TimeUnit.SECONDS);
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Test
    void the_demo_exits_0_after_telling_its_story() {
        assertThat(demo.exitCode()).as(demo.printed()).isZero();
        assertThat(demo.out()).contains("ok   diagnosis of secondary names us-west-2",
                "ok   primary: every run SUCCEEDED", "ok   restricted: conversation-details stopped with MISSING_PERMISSION")
                .doesNotContain("NOT  ");
        assertThat(demo.err()).isEmpty();
    }

    @Test
    void metrics_during_the_run_show_the_export_series() {
        assertThat(scrape).as("a scrape while the demo ran").contains("# TYPE orgexport_worker_exports_total counter");
        assertThat(value("orgexport_worker_exports_total", "kind=\"user-details\"", "outcome=\"succeeded\""))
                .as(scrape).isPositive();
        assertThat(scrape).contains("orgexport_worker_records_consumed_total", "orgexport_worker_exports_in_flight",
                "orgexport_worker_export_duration_seconds_count{kind=");
    }

    @Test
    void metrics_during_the_run_show_the_token_series() {
        assertThat(value("orgexport_platform_token_requests_total")).as(scrape).isPositive();
        assertThat(value("orgexport_platform_tokens_issued_total")).as(scrape).isPositive();
        assertThat(scrape).contains("orgexport_platform_token_cache_hits_total", "orgexport_platform_token_failures_total",
                "orgexport_platform_token_cached");
    }

    @Test
    void metrics_during_the_run_show_the_circuit_breaker_series() {
        for (String state : List.of("CLOSED", "OPEN", "HALF_OPEN")) {
            assertThat(samples("orgexport_platform_breakers", "state=\"" + state + "\"")).as(scrape).isNotEmpty();
        }
        assertThat(value("orgexport_platform_breakers", "state=\"OPEN\"")).as("the secondary org's breaker").isPositive();
        assertThat(value("orgexport_platform_breaker_transitions_total", "to=\"OPEN\""))
                .as("the secondary org's rejected credentials open its breaker").isPositive();
        assertThat(value("orgexport_worker_breaker_state", "org=\"secondary\"")).as("1 half-open, 2 open").isPositive();
        assertThat(value("orgexport_platform_auth_failures_total", "kind=\"CREDENTIALS_REJECTED\"")).isPositive();
    }

    @Test
    void each_demo_worker_publishes_its_own_gateway_and_worker_series() {
        for (String worker : List.of("demo-worker-1", "demo-worker-2")) {
            String tag = "worker=\"" + worker + "\"";
            assertThat(samples("orgexport_platform_token_cached", tag)).as("%s in %s", worker, scrape).hasSize(1);
            assertThat(samples("orgexport_platform_token_requests_total", tag)).as(worker).hasSize(1);
            assertThat(samples("orgexport_platform_breakers", tag)).as(worker).hasSize(3);
            assertThat(samples("orgexport_worker_records_consumed_total", tag)).as(worker).hasSize(1);
        }
        assertThat(samples("orgexport_platform_token_cached")).as("no untagged copy").hasSize(2);
    }

    @Test
    void health_live_and_ready_answered_200_while_postgresql_answered() {
        assertThat(liveStatus).isEqualTo(200);
        assertThat(ready).as("the ops endpoints answered while the demo ran").isNotNull();
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
    }

    @Test
    void the_web_console_was_served_read_only_on_the_same_port() {
        assertThat(console).as("the console answered while the demo ran").isNotNull();
        assertThat(console.statusCode()).as(console.body()).isEqualTo(200);
        assertThat(console.body()).contains("secondary", "primary");
        assertThat(demo.out()).contains("console (read-only while the demo runs): http://127.0.0.1:" + port + "/console/");
    }

    @Test
    void the_ops_port_is_closed_when_the_demo_has_ended() {
        HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> get(fresh, "/health/live")).isInstanceOf(ConnectException.class);
    }

    /** The sum of {@link #samples}; 0 when there is none. */
    private static double value(String name, String... labels) {
        return samples(name, labels).stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The samples of {@code name} whose labels include every one of {@code labels} ({@code kind="user-details"}). */
    private static List<Double> samples(String name, String... labels) {
        List<Double> values = new ArrayList<>();
        for (String line : scrape.lines().toList()) {
            boolean labelled = line.startsWith(name + "{");
            if (!labelled && !line.startsWith(name + " ")) {
                continue;
            }
            String labelText = labelled ? line.substring(name.length(), line.lastIndexOf('}') + 1) : "";
            if (Arrays.stream(labels).allMatch(labelText::contains)) {
                values.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return values;
    }

    private static HttpResponse<String> get(HttpClient http, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
