package dev.orgexport.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.ClientState;
import dev.orgexport.simulator.SimulatorConfig.ErrorRule;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import dev.orgexport.simulator.SimulatorConfig.Org;
import dev.orgexport.simulator.SimulatorConfig.OrgState;
import dev.orgexport.simulator.SimulatorStats.Counts;
import dev.orgexport.simulator.Truth;
import dev.orgexport.simulator.faults.WireFault;
import dev.orgexport.simulator.faults.WireFaultRule;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The admin API under {@code /__sim/}: the same operations as the Simulator's Java methods, with
 * JSON bodies (documented in the module README). Bad input is a 400 error body; an unknown
 * client, job or path a 404.
 */
final class AdminHandler {

    private final Simulator simulator;
    private final Responder responder;

    AdminHandler(Simulator simulator, Responder responder) {
        this.simulator = simulator;
        this.responder = responder;
    }

    void handle(Call call) throws IOException {
        String[] parts = call.path.isEmpty() ? new String[0] : call.path.substring(1).split("/", -1);
        String method = call.method().toUpperCase(Locale.ROOT);
        try {
            route(call, method, parts);
        } catch (NoSuchElementException e) {
            throw PlatformException.notFound(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw PlatformException.badRequest(e.getMessage());
        }
    }

    private void route(Call call, String method, String[] p) throws IOException {
        String path = String.join("/", p);
        if (method.equals("POST") && path.equals("orgs")) {
            JsonNode body = body(call);
            simulator.addOrg(new Org(text(body, "id"), optional(body, "name", text(body, "id")), text(body, "region"),
                    OrgState.valueOf(optional(body, "state", "ACTIVE").toUpperCase(Locale.ROOT))));
            done(call, 201);
        } else if (method.equals("POST") && path.equals("clients")) {
            simulator.addClient(client(body(call)));
            done(call, 201);
        } else if (p.length == 3 && p[0].equals("clients") && method.equals("POST")) {
            clientAction(call, p[1], p[2]);
        } else if (p.length == 3 && p[0].equals("clients") && p[2].equals("permissions") && method.equals("PUT")) {
            simulator.setPermissions(p[1], strings(body(call).get("permissions"), "permissions"));
            done(call, 204);
        } else if (p.length == 3 && path.startsWith("faults/latency/") && method.equals("PUT")) {
            simulator.setLatency(p[2], Duration.ofMillis(number(body(call), "millis")));
            done(call, 204);
        } else if (path.equals("faults/errors") && method.equals("POST")) {
            JsonNode body = body(call);
            String endpoint = optional(body, "endpoint", null);
            simulator.addErrorRule(new ErrorRule(optional(body, "region", null), optional(body, "org", null),
                    endpoint == null ? null : Endpoint.fromKey(endpoint), body.path("rate").asDouble(1.0),
                    body.path("status").asInt(503)));
            done(call, 204);
        } else if (path.equals("faults/wire") && method.equals("POST")) {
            JsonNode body = body(call);
            String endpoint = optional(body, "endpoint", null);
            simulator.addWireFault(new WireFaultRule(WireFault.parse(text(body, "fault")), optional(body, "org", null),
                    endpoint == null ? null : Endpoint.fromKey(endpoint), body.path("times").asInt(0),
                    body.path("retryAfterSeconds").asLong(WireFaultRule.DEFAULT_DAILY_RETRY_AFTER_SECONDS)));
            done(call, 204);
        } else if (path.equals("faults/wire") && method.equals("DELETE")) {
            simulator.clearWireFaults();
            done(call, 204);
        } else if (path.equals("faults/errors") && method.equals("DELETE")) {
            simulator.clearErrorRules();
            done(call, 204);
        } else if (p.length == 3 && path.startsWith("faults/outages/") && (method.equals("PUT") || method.equals("DELETE"))) {
            simulator.setRegionOutage(p[2], method.equals("PUT"));
            done(call, 204);
        } else if (path.equals("limits") && method.equals("PUT")) {
            JsonNode body = body(call);
            simulator.setLimits(new Limits((int) number(body, "apiRequestsPerMinute"), (int) number(body, "tokenRequestsPerMinute"),
                    BudgetScope.valueOf(optional(body, "apiBudgetScope", "TOKEN").toUpperCase(Locale.ROOT))));
            done(call, 204);
        } else if (path.equals("jobs/fail-next") && method.equals("POST")) {
            JsonNode body = body(call);
            String kind = optional(body, "kind", null);
            simulator.failNextJobs(optional(body, "org", null), kind == null ? null : ExportKind.fromWireName(kind),
                    (int) number(body, "count"), optional(body, "message", null));
            done(call, 204);
        } else if (p.length == 3 && p[0].equals("jobs") && method.equals("POST") && (p[2].equals("fail") || p[2].equals("expire"))) {
            if (p[2].equals("fail")) {
                simulator.failJob(p[1], optional(bodyOrEmpty(call), "message", null));
            } else {
                simulator.expireJob(p[1]);
            }
            done(call, 204);
        } else if (path.equals("stats") && method.equals("GET")) {
            responder.json(call, 200, stats());
        } else if (path.equals("stats") && method.equals("DELETE")) {
            simulator.resetStats();
            done(call, 204);
        } else if (path.equals("truth") && method.equals("GET")) {
            truth(call);
        } else {
            throw PlatformException.notFound("No admin operation " + method + " /__sim/" + path);
        }
    }

    private void clientAction(Call call, String clientId, String action) throws IOException {
        switch (action) {
            case "revoke-tokens" -> {
                ObjectNode answer = responder.mapper().createObjectNode();
                answer.put("revoked", simulator.revokeTokens(clientId));
                responder.json(call, 200, answer);
            }
            case "disable" -> {
                simulator.disableClient(clientId);
                done(call, 204);
            }
            case "enable" -> {
                simulator.enableClient(clientId);
                done(call, 204);
            }
            case "rotate-secret" -> {
                simulator.rotateSecret(clientId, text(body(call), "secret"));
                done(call, 204);
            }
            default -> throw PlatformException.notFound("No admin operation POST /__sim/clients/" + clientId + "/" + action);
        }
    }

    private void truth(Call call) throws IOException {
        Map<String, String> q = call.query();
        for (String name : new String[] {"org", "kind", "start", "end"}) {
            if (q.get(name) == null || q.get(name).isBlank()) {
                throw PlatformException.badRequest("query parameter '" + name + "' is required (org, kind, start, end)");
            }
        }
        ExportKind kind = ExportKind.fromWireName(q.get("kind"));
        var start = RequestBodies.instant(q.get("start"), "start");
        var end = RequestBodies.instant(q.get("end"), "end");
        if (!end.isAfter(start)) {
            throw PlatformException.badRequest("end must be after start, but was " + start + " / " + end);
        }
        Truth truth = simulator.truth(q.get("org"), kind, start, end);
        ObjectNode answer = responder.mapper().createObjectNode();
        answer.put("records", truth.records());
        answer.put("sha256", truth.sha256());
        responder.json(call, 200, answer);
    }

    private ObjectNode stats() {
        ObjectNode root = responder.mapper().createObjectNode();
        ObjectNode clients = root.putObject("clients");
        simulator.stats().asMap().forEach((client, endpoints) -> {
            ObjectNode clientNode = clients.putObject(client);
            endpoints.forEach((endpoint, counts) -> counts(clientNode.putObject(endpoint.key()), counts));
        });
        return root;
    }

    private static void counts(ObjectNode node, Counts counts) {
        node.put("requests", counts.requests());
        node.put("tooManyRequests", counts.tooManyRequests());
        node.put("unauthorized", counts.unauthorized());
        node.put("forbidden", counts.forbidden());
        node.put("serverErrors", counts.serverErrors());
    }

    private Client client(JsonNode body) {
        String id = text(body, "id");
        Set<String> permissions = body.hasNonNull("permissions") ? strings(body.get("permissions"), "permissions")
                : SimulatorConfig.ALL_EXPORT_PERMISSIONS;
        Duration lifetime = Client.DEFAULT_TOKEN_LIFETIME;
        JsonNode lifetimeNode = body.get("tokenLifetime");
        if (lifetimeNode != null && !lifetimeNode.isNull()) {
            try {
                lifetime = lifetimeNode.isNumber() ? Duration.ofSeconds(lifetimeNode.asLong()) : Duration.parse(lifetimeNode.asText());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("tokenLifetime must be seconds or an ISO-8601 duration, but was " + lifetimeNode);
            }
        }
        return new Client(id, optional(body, "name", id), text(body, "secret"), text(body, "org"),
                ClientState.valueOf(optional(body, "state", "ACTIVE").toUpperCase(Locale.ROOT)), permissions, lifetime);
    }

    private JsonNode body(Call call) throws IOException {
        return object(call.body());
    }

    private JsonNode bodyOrEmpty(Call call) throws IOException {
        byte[] bytes = call.body();
        return bytes.length == 0 ? responder.mapper().createObjectNode() : object(bytes);
    }

    private JsonNode object(byte[] bytes) throws IOException {
        try {
            JsonNode node = bytes.length == 0 ? null : responder.mapper().readTree(bytes);
            if (node == null || !node.isObject()) {
                throw PlatformException.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw PlatformException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void done(Call call, int status) throws IOException {
        responder.empty(call, status);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required and must be a non-blank string, but was " + value);
        }
        return value.asText();
    }

    private static String optional(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    private static long number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is required and must be a whole number, but was " + value);
        }
        return value.asLong();
    }

    private static Set<String> strings(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(field + " must be a list of strings, but was " + node);
        }
        Set<String> values = new LinkedHashSet<>();
        node.forEach(n -> values.add(n.asText()));
        return values;
    }
}
