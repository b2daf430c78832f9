package dev.orgexport.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.ClientState;
import dev.orgexport.simulator.SimulatorConfig.DataSizing;
import dev.orgexport.simulator.SimulatorConfig.ErrorRule;
import dev.orgexport.simulator.SimulatorConfig.Faults;
import dev.orgexport.simulator.SimulatorConfig.JobTimings;
import dev.orgexport.simulator.SimulatorConfig.Limits;
import dev.orgexport.simulator.SimulatorConfig.Org;
import dev.orgexport.simulator.SimulatorConfig.OrgState;
import dev.orgexport.simulator.SimulatorConfig.Tls;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code sim.yaml} (keys in the module README) into a {@link SimulatorConfig}. The YAML is
 * read token by token so that every node keeps its line: a syntax error, an unknown key or a bad
 * value is reported as {@code <file>:<line>: <problem>}.
 */
final class YamlConfigReader {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final Path file;
    private final Map<JsonNode, Integer> lines = new IdentityHashMap<>();

    private YamlConfigReader(Path file) {
        this.file = file;
    }

    static SimulatorConfig read(Path file) {
        return new YamlConfigReader(file).read();
    }

    private SimulatorConfig read() {
        JsonNode root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser parser = new YAMLFactory().createParser(reader)) {
            JsonToken first = parser.nextToken();
            root = first == null ? JsonNodeFactory.instance.objectNode() : node(parser);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new IllegalArgumentException(file + ":" + line + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
        }
        ObjectNode top = object(root, "the document");
        allowOnly(top, "regions", "orgs", "clients", "limits", "jobs", "data", "faults", "tls");
        SimulatorConfig.Builder builder = SimulatorConfig.builder();
        if (top.hasNonNull("regions")) {
            ObjectNode regions = object(top.get("regions"), "regions");
            regions.properties().forEach(e -> builder.region(e.getKey(), text(e.getValue(), "regions." + e.getKey())));
        }
        for (JsonNode org : list(top, "orgs")) {
            builder.org(build(org, () -> org(object(org, "orgs[]"))));
        }
        for (JsonNode client : list(top, "clients")) {
            builder.client(build(client, () -> client(object(client, "clients[]"))));
        }
        if (top.hasNonNull("limits")) {
            builder.limits(build(top.get("limits"), () -> limits(object(top.get("limits"), "limits"))));
        }
        if (top.hasNonNull("jobs")) {
            builder.jobs(build(top.get("jobs"), () -> jobs(object(top.get("jobs"), "jobs"))));
        }
        if (top.hasNonNull("data")) {
            builder.data(build(top.get("data"), () -> data(object(top.get("data"), "data"))));
        }
        if (top.hasNonNull("faults")) {
            builder.faults(build(top.get("faults"), () -> faults(object(top.get("faults"), "faults"))));
        }
        if (top.hasNonNull("tls")) {
            builder.tls(build(top.get("tls"), () -> tls(object(top.get("tls"), "tls"))));
        }
        return build(top, builder::build);
    }

    private Org org(ObjectNode node) {
        allowOnly(node, "id", "name", "region", "state");
        String id = text(node.get("id"), "orgs[].id");
        return new Org(id, optionalText(node, "name", id), text(node.get("region"), "orgs[" + id + "].region"),
                enumValue(OrgState.class, node, "state", OrgState.ACTIVE));
    }

    private Client client(ObjectNode node) {
        allowOnly(node, "id", "name", "secret", "org", "state", "permissions", "tokenLifetime");
        String id = text(node.get("id"), "clients[].id");
        Set<String> permissions = SimulatorConfig.ALL_EXPORT_PERMISSIONS;
        if (node.hasNonNull("permissions")) {
            permissions = new LinkedHashSet<>();
            for (JsonNode permission : list(node, "permissions")) {
                permissions.add(text(permission, "clients[" + id + "].permissions[]"));
            }
        }
        return new Client(id, optionalText(node, "name", id), text(node.get("secret"), "clients[" + id + "].secret"),
                text(node.get("org"), "clients[" + id + "].org"), enumValue(ClientState.class, node, "state", ClientState.ACTIVE),
                permissions, duration(node, "tokenLifetime", Client.DEFAULT_TOKEN_LIFETIME));
    }

    private Limits limits(ObjectNode node) {
        allowOnly(node, "apiRequestsPerMinute", "tokenRequestsPerMinute", "apiBudgetScope");
        Limits d = Limits.DEFAULT;
        return new Limits(integer(node, "apiRequestsPerMinute", d.apiRequestsPerMinute()),
                integer(node, "tokenRequestsPerMinute", d.tokenRequestsPerMinute()),
                enumValue(BudgetScope.class, node, "apiBudgetScope", d.apiBudgetScope()));
    }

    private JobTimings jobs(ObjectNode node) {
        allowOnly(node, "queued", "pending", "pendingMax", "resultsTtl");
        JobTimings d = JobTimings.DEFAULT;
        Duration pending = duration(node, "pending", d.pending());
        Duration pendingMax = duration(node, "pendingMax", node.hasNonNull("pending") ? pending : d.pendingMax());
        return new JobTimings(duration(node, "queued", d.queued()), pending, duration(node, "resultsTtl", d.resultsTtl()),
                pendingMax);
    }

    private DataSizing data(ObjectNode node) {
        allowOnly(node, "minPerHour", "maxPerHour", "usersPerOrg", "availabilityLag", "live");
        DataSizing d = DataSizing.DEFAULT;
        return new DataSizing(integer(node, "minPerHour", d.minPerHour()), integer(node, "maxPerHour", d.maxPerHour()),
                integer(node, "usersPerOrg", d.usersPerOrg()), duration(node, "availabilityLag", d.availabilityLag()),
                bool(node, "live", d.live()));
    }

    private Faults faults(ObjectNode node) {
        allowOnly(node, "latency", "errors", "outages", "seed");
        Map<String, Duration> latency = new LinkedHashMap<>();
        if (node.hasNonNull("latency")) {
            ObjectNode latencies = object(node.get("latency"), "faults.latency");
            latencies.properties().forEach(e -> latency.put(e.getKey(), duration(latencies, e.getKey(), Duration.ZERO)));
        }
        List<ErrorRule> errors = new ArrayList<>();
        for (JsonNode rule : list(node, "errors")) {
            errors.add(build(rule, () -> errorRule(object(rule, "faults.errors[]"))));
        }
        Set<String> outages = new LinkedHashSet<>();
        for (JsonNode region : list(node, "outages")) {
            outages.add(text(region, "faults.outages[]"));
        }
        return new Faults(latency, errors, outages, node.hasNonNull("seed") ? integer(node, "seed", 0) : Faults.NONE.seed());
    }

    private ErrorRule errorRule(ObjectNode node) {
        allowOnly(node, "region", "org", "endpoint", "rate", "status");
        String endpoint = optionalText(node, "endpoint", null);
        JsonNode rate = node.get("rate");
        if (rate == null || !rate.isNumber()) {
            throw fail(node, "faults.errors[].rate is required and must be a number between 0 and 1, but was " + rate);
        }
        return new ErrorRule(optionalText(node, "region", null), optionalText(node, "org", null),
                endpoint == null ? null : Endpoint.fromKey(endpoint), rate.asDouble(), integer(node, "status", 503));
    }

    private Tls tls(ObjectNode node) {
        allowOnly(node, "keyStore", "keyStorePassword", "port");
        Path keyStore = Path.of(text(node.get("keyStore"), "tls.keyStore"));
        Path resolved = keyStore.isAbsolute() || file.getParent() == null ? keyStore : file.getParent().resolve(keyStore);
        return new Tls(resolved, text(node.get("keyStorePassword"), "tls.keyStorePassword"), integer(node, "port", 0));
    }

    // --- parsing with lines ---------------------------------------------------------------

    private JsonNode node(JsonParser parser) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonNode node;
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    if (object.has(name)) {
                        throw new IllegalArgumentException(file + ":" + keyLine + ": duplicate key '" + name + "'");
                    }
                    parser.nextToken();
                    object.set(name, node(parser));
                }
                node = object;
            }
            case START_ARRAY -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(node(parser));
                }
                node = array;
            }
            case VALUE_NUMBER_INT -> node = JsonNodeFactory.instance.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> node = JsonNodeFactory.instance.numberNode(parser.getDoubleValue());
            case VALUE_TRUE, VALUE_FALSE -> node = JsonNodeFactory.instance.booleanNode(parser.getBooleanValue());
            case VALUE_NULL -> node = JsonNodeFactory.instance.nullNode();
            default -> node = JsonNodeFactory.instance.textNode(parser.getText());
        }
        lines.put(node, line);
        return node;
    }

    private <T> T build(JsonNode node, java.util.function.Supplier<T> builder) {
        try {
            return builder.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw fail(node, e.getMessage());
        }
    }

    private IllegalArgumentException fail(JsonNode node, String message) {
        return new IllegalArgumentException(file + ":" + lines.getOrDefault(node, -1) + ": " + message);
    }

    private ObjectNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw fail(node, what + " must be a mapping, but was " + (node == null ? "missing" : node.getNodeType()));
        }
        return (ObjectNode) node;
    }

    private List<JsonNode> list(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw fail(node, field + " must be a list, but was " + node.getNodeType());
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    private void allowOnly(ObjectNode node, String... keys) {
        Set<String> allowed = Set.of(keys);
        node.properties().forEach(e -> {
            if (!allowed.contains(e.getKey())) {
                throw fail(e.getValue(), "unknown key '" + e.getKey() + "', expected one of " + List.of(keys));
            }
        });
    }

    private String text(JsonNode node, String what) {
        if (node == null || node.isNull() || node.isContainerNode() || node.asText().isBlank()) {
            throw fail(node, what + " is required and must be a non-blank value");
        }
        return node.asText();
    }

    private String optionalText(JsonNode parent, String field, String fallback) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? fallback : text(node, field);
    }

    private int integer(JsonNode parent, String field, int fallback) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw fail(node, field + " must be a whole number, but was '" + node.asText() + "'");
        }
        return node.asInt();
    }

    private boolean bool(JsonNode parent, String field, boolean fallback) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw fail(node, field + " must be true or false, but was '" + node.asText() + "'");
        }
        return node.asBoolean();
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, JsonNode parent, String field, E fallback) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, node.asText().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail(node, field + " must be one of " + List.of(type.getEnumConstants()) + " (any case), but was '"
                    + node.asText() + "'");
        }
    }

    /** A duration: ISO-8601 ({@code PT0.5S}) or a whole number with ms, s, m, h or d ({@code 250ms}). */
    private Duration duration(JsonNode parent, String field, Duration fallback) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        String value = node.asText().trim();
        Matcher shorthand = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (shorthand.matches()) {
            long amount = Long.parseLong(shorthand.group(1));
            return switch (shorthand.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw fail(node, field + " must be a duration such as 250ms, 30s, 5m, 24h or PT0.5S, but was '" + value + "'");
        }
    }
}
