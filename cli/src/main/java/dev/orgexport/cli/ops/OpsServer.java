package dev.orgexport.cli.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints of a long-running process: {@code /metrics} (Prometheus text
 * format), {@code /health/live} (the process answers) and {@code /health/ready} (every
 * dependency check passes; 503 naming the failing ones otherwise). Serves on all interfaces
 * of the given port, on two named threads. Close it at shutdown.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);

    /** A named readiness check: returns null when healthy, else a short reason. */
    public interface ReadinessCheck extends Supplier<String> {
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static OpsServer start(int port, PrometheusMeterRegistry registry, Map<String, ReadinessCheck> checks)
            throws IOException {
        return start(port, registry, checks, server -> { });
    }

    /**
     * Also serves what {@code mounts} registers on the server (the web console), on the same
     * threads: four, so that a slow console request (a diagnosis) never holds up a scrape.
     */
    public static OpsServer start(int port, PrometheusMeterRegistry registry, Map<String, ReadinessCheck> checks,
                                  Consumer<HttpServer> mounts) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "ops-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health/live", exchange -> respond(exchange, 200, "text/plain", "live\n"));
        server.createContext("/health/ready", exchange -> ready(exchange, checks));
        mounts.accept(server);
        server.start();
        log.info("ops endpoints listening port={} paths=/metrics,/health/live,/health/ready", server.getAddress().getPort());
        return new OpsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void ready(HttpExchange exchange, Map<String, ReadinessCheck> checks) throws IOException {
        Map<String, String> failing = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            String problem;
            try {
                problem = check.get();
            } catch (RuntimeException e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (problem != null) {
                failing.put(name, problem);
            }
        });
        StringBuilder body = new StringBuilder(failing.isEmpty() ? "ready\n" : "not ready\n");
        failing.forEach((name, problem) -> body.append(name).append(": ").append(problem).append('\n'));
        respond(exchange, failing.isEmpty() ? 200 : 503, "text/plain", body.toString());
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
