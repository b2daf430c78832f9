package dev.orgexport.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.simulator.stats.StatsRecorder;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes answers: JSON with {@code ININ-Correlation-Id} on every response, platform error bodies
 * ({@code contextId} = the correlation id) and OAuth error bodies; counts each answer in the stats
 * (admin calls excepted).
 */
final class Responder {

    static final String CORRELATION_HEADER = "ININ-Correlation-Id";

    private final ObjectMapper mapper;
    private final StatsRecorder stats;

    Responder(ObjectMapper mapper, StatsRecorder stats) {
        this.mapper = mapper;
        this.stats = stats;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    void json(Call call, int status, JsonNode body) throws IOException {
        send(call, status, mapper.writeValueAsBytes(body));
    }

    /** JSON already serialized. */
    void bytes(Call call, int status, byte[] json) {
        send(call, status, json);
    }

    /** An answer without a body (202 of a cancel). */
    void empty(Call call, int status) throws IOException {
        send(call, status, new byte[0]);
    }

    /** The platform's ErrorBody: message, code, status, messageWithParams, messageParams, contextId, details, errors. */
    void error(Call call, int status, String code, String message) throws IOException {
        json(call, status, errorBody(call, status, code, message));
    }

    ObjectNode errorBody(Call call, int status, String code, String message) {
        ObjectNode body = mapper.createObjectNode();
        body.put("message", message);
        body.put("code", code);
        body.put("status", status);
        body.put("messageWithParams", message);
        body.putObject("messageParams");
        body.put("contextId", call.correlationId);
        body.putArray("details");
        body.putArray("errors");
        return body;
    }

    /** 429 with Retry-After and the limit that was hit. */
    void tooManyRequests(Call call, long retryAfterSeconds, String limitKey, String namespace, long limit) throws IOException {
        String message = "Rate limit exceeded the maximum. Retry the request in [" + retryAfterSeconds + "] seconds";
        ObjectNode body = errorBody(call, 429, "too.many.requests.retry.after", message);
        body.put("messageWithParams", "Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds");
        ((ObjectNode) body.get("messageParams")).put("retryAfter", Long.toString(retryAfterSeconds));
        ObjectNode limitNode = body.putObject("limit");
        limitNode.put("key", limitKey);
        limitNode.put("namespace", namespace);
        limitNode.put("value", limit);
        call.response.getHeaders().put("Retry-After", Long.toString(retryAfterSeconds));
        json(call, 429, body);
    }

    /** The login host's error body: error, description and error_description. */
    void oauthError(Call call, int status, String error, String description) throws IOException {
        ObjectNode body = mapper.createObjectNode();
        body.put("error", error);
        body.put("description", description);
        body.put("error_description", description);
        json(call, status, body);
    }

    private void send(Call call, int status, byte[] bytes) {
        var headers = call.response.getHeaders();
        // Exactly this spelling: the official SDK looks the header up case-sensitively.
        headers.put(CORRELATION_HEADER, call.correlationId);
        if (bytes.length > 0) {
            headers.put("Content-Type", "application/json; charset=UTF-8");
        }
        headers.put("Content-Length", Integer.toString(bytes.length));
        if (call.region != null) {
            stats.record(call.clientId, call.endpoint(), status);
        }
        call.response.setStatus(status);
        call.response.write(true, ByteBuffer.wrap(bytes), call.callback);
    }
}
