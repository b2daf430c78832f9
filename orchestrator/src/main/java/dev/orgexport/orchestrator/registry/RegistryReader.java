package dev.orgexport.orchestrator.registry;

import dev.orgexport.orchestrator.registry.YamlTree.Entry;
import dev.orgexport.orchestrator.registry.YamlTree.ListNode;
import dev.orgexport.orchestrator.registry.YamlTree.MapNode;
import dev.orgexport.orchestrator.registry.YamlTree.Node;
import dev.orgexport.orchestrator.registry.YamlTree.ScalarNode;
import com.fasterxml.jackson.core.JsonToken;
import dev.orgexport.schema.org.OrgOverrides;
import dev.orgexport.schema.region.Region;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.task.ExportKind;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a registry tree and turns it into org definitions. It never stops at the first mistake:
 * every error of the file is collected, each with the line of the value at fault (or of the
 * mapping that misses a field), so an operator fixes them all in one pass.
 */
final class RegistryReader {

    private static final Set<String> ROOT_FIELDS = Set.of("orgs");
    private static final List<String> ORG_FIELDS = List.of("id", "name", "region", "organizationId", "clientId", "secret",
            "enabled", "apiBudgetPerMinute", "serviceNames", "exports");
    private static final List<String> EXPORT_FIELDS = List.of("kind", "every", "lag", "catchUp");
    // The same rules as the org table's CHECK constraints, so an accepted file always inserts.
    private static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    // Genesys Cloud organization ids are UUIDs; anything else is almost surely the org's own id.
    private static final Pattern ORGANIZATION_ID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    private static final int MAX_SERVICE_NAMES = 50;
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");
    private static final Pattern SECRET_REF = Pattern.compile("env:[A-Za-z_][A-Za-z0-9_]*|file:/.+");

    private final RegionCatalog regions;
    private final RegistryConfig config;
    private final List<RegistryError> errors = new ArrayList<>();

    RegistryReader(RegionCatalog regions, RegistryConfig config) {
        this.regions = regions;
        this.config = config;
    }

    /** The definitions, complete only when {@link #errors()} is empty. */
    List<OrgDefinition> read(Node root) {
        List<OrgDefinition> orgs = new ArrayList<>();
        if (root == null) {
            error(0, 0, "", "the file is empty; it needs an 'orgs' list");
            return orgs;
        }
        if (!(root instanceof MapNode map)) {
            error(root, "", "the file must be a mapping with an 'orgs' list, but is " + root.describe());
            return orgs;
        }
        // Top-level keys starting with "x-" are ignored: they hold anchored blocks to share (as in Compose files).
        for (Entry entry : map.entries().values()) {
            if (!ROOT_FIELDS.contains(entry.key()) && !entry.key().startsWith("x-")) {
                error(entry.line(), entry.column(), entry.key(), "unknown field '" + entry.key()
                        + "'; allowed here: orgs, and keys starting with x- (to hold blocks shared through anchors)");
            }
        }
        Entry orgsEntry = map.entries().get("orgs");
        if (orgsEntry == null) {
            error(map, "", "'orgs' is missing");
            return orgs;
        }
        if (!(orgsEntry.value() instanceof ListNode list)) {
            error(orgsEntry.value(), "orgs", "must be a list of orgs, but is " + orgsEntry.value().describe());
            return orgs;
        }
        Map<String, Integer> firstLineById = new HashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            String path = "orgs[" + i + "]";
            Node item = list.items().get(i);
            if (!(item instanceof MapNode orgMap)) {
                error(item, path, "each org must be a mapping, but this one is " + item.describe());
                continue;
            }
            org(orgMap, path, firstLineById).ifPresent(orgs::add);
        }
        return orgs;
    }

    List<RegistryError> errors() {
        return errors;
    }

    private Optional<OrgDefinition> org(MapNode map, String path, Map<String, Integer> firstLineById) {
        int before = errors.size();
        unknownFields(map, path, ORG_FIELDS);
        String id = string(map, "id", path, true);
        if (id != null) {
            if (!ORG_ID.matcher(id).matches()) {
                error(map.entries().get("id").value(), path + ".id", "org id '" + id
                        + "' must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
            } else {
                Integer first = firstLineById.putIfAbsent(id, map.entries().get("id").line());
                if (first != null) {
                    error(map.entries().get("id").value(), path + ".id", "duplicate org id '" + id
                            + "' (first defined on line " + first + ")");
                }
            }
        }
        String name = string(map, "name", path, true);
        if (name != null && name.length() > 200) {
            error(map.entries().get("name").value(), path + ".name", "name must be at most 200 characters, but has " + name.length());
        }
        String region = region(map, path);
        String clientId = string(map, "clientId", path, true);
        if (clientId != null && clientId.length() > 200) {
            error(map.entries().get("clientId").value(), path + ".clientId",
                    "clientId must be at most 200 characters, but has " + clientId.length());
        }
        String organizationId = organizationId(map, path);
        String secretRef = secret(map, path);
        boolean enabled = bool(map, "enabled", path, true);
        Integer budget = apiBudget(map, path);
        List<String> serviceNames = serviceNames(map, path);
        List<ExportDefinition> exports = exports(map, path);
        if (serviceNames != null && exports.stream().noneMatch(export -> export.kind() == ExportKind.AUDIT_EVENTS)) {
            error(map.entries().get("serviceNames").value(), path + ".serviceNames", "serviceNames filters audit-events "
                    + "exports, but this org has no audit-events export");
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new OrgDefinition(id, name, region, clientId, secretRef, enabled, exports, map.line(),
                organizationId, new OrgOverrides(budget, serviceNames)));
    }

    /** The platform's organization id: optional, a UUID (stored in lower case). */
    private String organizationId(MapNode map, String path) {
        String value = string(map, "organizationId", path, false);
        if (value == null) {
            return null;
        }
        if (!ORGANIZATION_ID.matcher(value).matches()) {
            error(map.entries().get("organizationId").value(), path + ".organizationId", "organizationId must be the "
                    + "platform's organization id, a UUID such as 9f6c2a4e-1b7d-4c3e-8a5f-2d9e7b1c0a46 (Admin > "
                    + "Organization Settings), but was '" + value + "'; the org's own short id goes in 'id'");
            return null;
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private Integer apiBudget(MapNode map, String path) {
        Entry entry = map.entries().get("apiBudgetPerMinute");
        if (entry == null) {
            return null;
        }
        if (entry.value() instanceof ScalarNode scalar && scalar.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                int value = Integer.parseInt(scalar.text().replace("_", ""));
                if (value >= 1 && value <= OrgOverrides.MAX_API_BUDGET_PER_MINUTE) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        String shown = entry.value() instanceof ScalarNode scalar && !scalar.isNull() ? "'" + scalar.text() + "'"
                : entry.value().describe();
        error(entry.value(), path + ".apiBudgetPerMinute", "apiBudgetPerMinute must be a whole number of requests per "
                + "minute between 1 and " + OrgOverrides.MAX_API_BUDGET_PER_MINUTE + ", but was " + shown);
        return null;
    }

    /** Optional list of audit service names (such as Architect, PeoplePermissions), each once. */
    private List<String> serviceNames(MapNode map, String path) {
        Entry entry = map.entries().get("serviceNames");
        if (entry == null || entry.value() instanceof ScalarNode scalar && scalar.isNull()) {
            return null;
        }
        String field = path + ".serviceNames";
        if (!(entry.value() instanceof ListNode list) || list.items().isEmpty()
                || list.items().size() > MAX_SERVICE_NAMES) {
            error(entry.value(), field, "serviceNames must be a list of 1 to " + MAX_SERVICE_NAMES
                    + " audit service names (such as [Architect, PeoplePermissions]), but is "
                    + (entry.value() instanceof ListNode list ? "a list of " + list.items().size()
                    : entry.value().describe()));
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            String name = item instanceof ScalarNode scalar && scalar.isString() ? scalar.text().trim() : null;
            if (name == null || !SERVICE_NAME.matcher(name).matches()) {
                error(item, field + "[" + i + "]", "each service name must be 1 to 100 letters, digits, '.', '_' "
                        + "or '-', starting with a letter, but was " + (name == null ? item.describe() : "'" + name + "'"));
            } else if (names.contains(name)) {
                error(item, field + "[" + i + "]", "service name '" + name + "' is given twice");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private String region(MapNode map, String path) {
        String value = string(map, "region", path, true);
        if (value == null) {
            return null;
        }
        Optional<Region> region = regions.find(value);
        if (region.isEmpty()) {
            error(map.entries().get("region").value(), path + ".region", "unknown region '" + value + "'; valid regions: "
                    + regions.all().stream().map(Region::id).collect(Collectors.joining(", ")));
            return null;
        }
        return region.get().id();
    }

    private String secret(MapNode map, String path) {
        Entry entry = map.entries().get("secret");
        if (entry == null) {
            error(map, path, "'secret' is missing: give a reference, env:NAME or file:/absolute/path");
            return null;
        }
        // Never echo the value: whoever got this wrong may have pasted the secret itself.
        if (entry.value() instanceof ScalarNode scalar && scalar.isString() && SECRET_REF.matcher(scalar.text()).matches()) {
            return scalar.text();
        }
        error(entry.value(), path + ".secret", "secret must be a reference, env:NAME or file:/absolute/path "
                + "(the value given is not one, and is not shown here in case it is the secret itself)");
        return null;
    }

    private List<ExportDefinition> exports(MapNode map, String path) {
        List<ExportDefinition> exports = new ArrayList<>();
        Entry entry = map.entries().get("exports");
        if (entry == null || entry.value() instanceof ScalarNode scalar && scalar.isNull()) {
            return exports;
        }
        if (!(entry.value() instanceof ListNode list)) {
            error(entry.value(), path + ".exports", "must be a list of exports, but is " + entry.value().describe());
            return exports;
        }
        Map<ExportKind, Integer> firstLineByKind = new HashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            String exportPath = path + ".exports[" + i + "]";
            Node item = list.items().get(i);
            if (!(item instanceof MapNode exportMap)) {
                error(item, exportPath, "each export must be a mapping, but this one is " + item.describe());
                continue;
            }
            export(exportMap, exportPath, firstLineByKind).ifPresent(exports::add);
        }
        return exports;
    }

    private Optional<ExportDefinition> export(MapNode map, String path, Map<ExportKind, Integer> firstLineByKind) {
        int before = errors.size();
        unknownFields(map, path, EXPORT_FIELDS);
        ExportKind kind = null;
        String kindName = string(map, "kind", path, true);
        if (kindName != null) {
            try {
                kind = ExportKind.fromWireName(kindName);
                Integer first = firstLineByKind.putIfAbsent(kind, map.entries().get("kind").line());
                if (first != null) {
                    error(map.entries().get("kind").value(), path + ".kind", "export kind '" + kindName
                            + "' is given twice for this org (first on line " + first + ")");
                }
            } catch (IllegalArgumentException e) {
                error(map.entries().get("kind").value(), path + ".kind", "unknown export kind '" + kindName
                        + "'; valid kinds: " + Arrays.stream(ExportKind.values()).map(ExportKind::wireName)
                        .collect(Collectors.joining(", ")));
            }
        }
        Duration every = duration(map, "every", path, null);
        if (every != null && every.compareTo(config.minEvery()) < 0) {
            error(map.entries().get("every").value(), path + ".every", "every must be at least " + config.minEvery()
                    + " (registry.min-every), but was " + every);
        }
        Duration lag = duration(map, "lag", path, config.defaultLag());
        if (lag != null && lag.compareTo(config.maxLag()) > 0) {
            error(map.entries().get("lag").value(), path + ".lag", "lag must be at most " + config.maxLag()
                    + " (registry.max-lag), but was " + lag);
        }
        Duration catchUp = duration(map, "catchUp", path, config.defaultCatchUp());
        if (catchUp != null && catchUp.compareTo(config.maxCatchUp()) > 0) {
            error(map.entries().get("catchUp").value(), path + ".catchUp", "catchUp must be at most "
                    + config.maxCatchUp() + " (registry.max-catch-up), but was " + catchUp);
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ExportDefinition(kind, every, lag, catchUp, map.line()));
    }

    /** A whole-second, non-negative ISO-8601 duration; {@code fallback} when absent (null: required). */
    private Duration duration(MapNode map, String key, String path, Duration fallback) {
        Entry entry = map.entries().get(key);
        if (entry == null) {
            if (fallback == null) {
                error(map, path, "'" + key + "' is missing: give an ISO-8601 duration such as PT15M");
            }
            return fallback;
        }
        String text = entry.value() instanceof ScalarNode scalar && !scalar.isNull() ? scalar.text() : null;
        Duration value = null;
        if (text != null) {
            try {
                value = Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                value = null;
            }
        }
        if (value == null) {
            error(entry.value(), path + "." + key, key + " must be an ISO-8601 duration such as PT15M, PT1H or P1D, "
                    + "but was " + (text == null ? entry.value().describe() : "'" + text + "'"));
            return null;
        }
        if (value.isNegative() || (value.isZero() && "every".equals(key))) {
            error(entry.value(), path + "." + key, key + " must be " + ("every".equals(key) ? "positive" : "zero or more")
                    + ", but was " + value);
            return null;
        }
        if (value.getNano() != 0) {
            error(entry.value(), path + "." + key, key + " must be whole seconds, but was " + value);
            return null;
        }
        return value;
    }

    private String string(MapNode map, String key, String path, boolean required) {
        Entry entry = map.entries().get(key);
        if (entry == null) {
            if (required) {
                error(map, path, "'" + key + "' is missing");
            }
            return null;
        }
        if (entry.value() instanceof ScalarNode scalar && !scalar.isNull()
                && (scalar.isString() || scalar.token().isNumeric()) && !scalar.text().isBlank()) {
            return scalar.text().trim();
        }
        String hint = entry.value() instanceof ScalarNode scalar && scalar.token().isBoolean()
                ? " (YAML reads on, off, yes, no, true and false as booleans: quote the value)" : "";
        error(entry.value(), path + "." + key, key + " must be non-empty text, but is " + entry.value().describe() + hint);
        return null;
    }

    private boolean bool(MapNode map, String key, String path, boolean fallback) {
        Entry entry = map.entries().get(key);
        if (entry == null) {
            return fallback;
        }
        if (entry.value() instanceof ScalarNode scalar && scalar.token().isBoolean()) {
            return Boolean.parseBoolean(scalar.text());
        }
        String shown = entry.value() instanceof ScalarNode scalar && !scalar.isNull() ? "'" + scalar.text() + "'"
                : entry.value().describe();
        error(entry.value(), path + "." + key, key + " must be true or false, but was " + shown);
        return fallback;
    }

    private void unknownFields(MapNode map, String path, List<String> allowed) {
        for (Entry entry : map.entries().values()) {
            if (!allowed.contains(entry.key())) {
                error(entry.line(), entry.column(), path.isEmpty() ? entry.key() : path + "." + entry.key(),
                        "unknown field '" + entry.key() + "'; allowed here: " + String.join(", ", allowed)
                                + (entry.via() == null ? "" : " (" + entry.via() + ")"));
            }
        }
    }

    private void error(Node node, String path, String message) {
        error(node.line(), node.column(), path, node.via() == null ? message : message + " (" + node.via() + ")");
    }

    private void error(int line, int column, String path, String message) {
        errors.add(new RegistryError(line, column, path, message));
    }
}
