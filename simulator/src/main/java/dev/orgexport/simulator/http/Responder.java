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

    /**
     * 429 without {@code Retry-After}: code {@code too.many.requests.retry.after} with no seconds
     * in its message, or {@code too.many.requests} with the "[N] requests within [M] seconds"
     * message, whose seconds are the limit's period and not a wait.
     */
    void tooManyRequestsWithoutRetryAfter(Call call, boolean perPeriodCode, long limit) throws IOException {
        ObjectNode body;
        if (perPeriodCode) {
            body = errorBody(call, 429, "too.many.requests",
                    "Rate limit exceeded the maximum [" + limit + "] requests within [60] seconds");
            body.put("messageWithParams", "Rate limit exceeded the maximum [{limit}] requests within [{period}] seconds");
            ((ObjectNode) body.get("messageParams")).put("limit", Long.toString(limit)).put("period", "60");
        } else {
            body = errorBody(call, 429, "too.many.requests.retry.after", "Rate limit exceeded the maximum");
        }
        json(call, 429, body);
    }

    /** A gateway's own error page: HTML, not an ErrorBody (what a proxy in front of the API sends). */
    void gatewayPage(Call call, int status) {
        String reason = status == 502 ? "Bad Gateway" : status == 504 ? "Gateway Time-out" : "Error";
        String html = "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>"
                + status + " " + reason + "</h1></center>\r\n</body>\r\n</html>\r\n";
        call.response.getHeaders().put("Content-Type", "text/html");
        sendRaw(call, status, html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A redirect: {@code Location} and a JSON body. */
    void redirect(Call call, int status, String location, JsonNode body) throws IOException {
        call.response.getHeaders().put("Location", location);
        json(call, status, body);
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
        if (bytes.length > 0) {
            call.response.getHeaders().put("Content-Type", "application/json; charset=UTF-8");
        }
        sendRaw(call, status, bytes);
    }

    private void sendRaw(Call call, int status, byte[] bytes) {
        var headers = call.response.getHeaders();
        // Exactly this spelling: the official SDK looks the header up case-sensitively.
        headers.put(CORRELATION_HEADER, call.correlationId);
        headers.put("Content-Length", Integer.toString(bytes.length));
        if (call.region != null) {
            stats.record(call.clientId, call.endpoint(), status);
        }
        call.response.setStatus(status);
        call.response.write(true, ByteBuffer.wrap(bytes), call.callback);
    }
}
