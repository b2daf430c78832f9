package dev.orgexport.worker.sink.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy in front of a real S3 server that answers some requests itself with the
 * errors a busy store gives (503 SlowDown, 500 InternalError) or damages a request body on its
 * way, as a flaky network would. Which request gets what is the test's {@link Rule}; every other
 * request is forwarded unchanged.
 */
public final class FaultProxy implements AutoCloseable {

    /** HOLD keeps the request open until {@link #release()}, then answers 500: a stalled upload. */
    public enum Fault { NONE, SLOW_DOWN, INTERNAL_ERROR, CORRUPT_BODY, HOLD }

    /** One request as the rule sees it. */
    public record Request(String method, String path, String query, int sequence) {
        public boolean uploadPart() {
            return "PUT".equals(method) && query != null && query.contains("partNumber=");
        }

        public int partNumber() {
            for (String pair : query.split("&")) {
                if (pair.startsWith("partNumber=")) {
                    return Integer.parseInt(pair.substring("partNumber=".length()));
                }
            }
            return -1;
        }
    }

    public interface Rule {
        Fault decide(Request request);
    }

    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "date");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final Rule rule;
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger injected = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);

    public FaultProxy(URI target, Rule rule) throws IOException {
        this.target = target;
        this.rule = rule;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Faults answered or bodies damaged so far. */
    public int injected() {
        return injected.get();
    }

    /** Waits until a request is being held. */
    public boolean awaitHolding(java.time.Duration timeout) throws InterruptedException {
        return holding.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Lets held requests end (with 500). */
    public void release() {
        released.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = exchange.getRequestURI();
            Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    sequence.incrementAndGet());
            Fault fault = rule.decide(request);
            switch (fault) {
                case SLOW_DOWN -> {
                    injected.incrementAndGet();
                    error(exchange, 503, "SlowDown", "Please reduce your request rate.");
                    return;
                }
                case INTERNAL_ERROR -> {
                    injected.incrementAndGet();
                    error(exchange, 500, "InternalError", "We encountered an internal error. Please try again.");
                    return;
                }
                case HOLD -> {
                    injected.incrementAndGet();
                    holding.countDown();
                    try {
                        released.await(2, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    error(exchange, 500, "InternalError", "held by the test");
                    return;
                }
                case CORRUPT_BODY -> {
                    injected.incrementAndGet();
                    if (body.length > 0) {
                        body = body.clone();
                        body[body.length / 2] ^= 0x5a;
                    }
                }
                case NONE -> {
                }
            }
            forward(exchange, body);
        } finally {
            exchange.close();
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URI uri = exchange.getRequestURI();
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!NOT_FORWARDED.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(v -> forward.header(header.getKey(), v));
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        byte[] payload = response.body();
        if (head || payload.length == 0) {
            response.headers().firstValue("content-length").ifPresent(v -> exchange.getResponseHeaders().set("Content-Length", v));
            exchange.sendResponseHeaders(response.statusCode(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.statusCode(), payload.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(payload);
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, xml.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(xml);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
