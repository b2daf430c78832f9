package dev.orgexport.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A plain java.net.http client speaking the platform's wire format to the simulator, for tests. */
final class RawPlatform {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Simulator simulator;

    RawPlatform(Simulator simulator) {
        this.simulator = simulator;
    }

    /** A response with its body parsed as JSON (a missing node for an empty body). */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String correlationId() {
            return header("ININ-Correlation-Id");
        }
    }

    Answer tokenRequest(String region, String clientId, String secret) {
        return tokenRequest(region, clientId, secret, "grant_type=client_credentials", "application/x-www-form-urlencoded");
    }

    Answer tokenRequest(String region, String clientId, String secret, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl(region) + "/oauth/token"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (clientId != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    /** A token, or an AssertionError with the answer. */
    String token(String region, String clientId, String secret) {
        Answer answer = tokenRequest(region, clientId, secret);
        if (answer.status() != 200) {
            throw new AssertionError("token request failed: " + answer.status() + " " + answer.raw().body());
        }
        return answer.body().get("access_token").asText();
    }

    Answer get(String region, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl(region) + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    Answer post(String region, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl(region) + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    Answer delete(String region, String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl(region) + path)).DELETE()
                .header("Authorization", "Bearer " + token).build());
    }

    Answer admin(String method, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(simulator.adminUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = response.body().isEmpty() || !response.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/json") ? JSON.missingNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Submits a details job and waits (polling, with a deadline) until it leaves QUEUED/PENDING. */
    String awaitState(String region, String jobPath, String token, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Answer status = get(region, jobPath, token);
            String state = status.body().path("state").asText();
            if (!state.equals("QUEUED") && !state.equals("PENDING") && !state.equals("Queued") && !state.equals("Running")) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobPath + " still " + state + " after " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
