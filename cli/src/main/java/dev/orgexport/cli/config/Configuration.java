package dev.orgexport.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The effective configuration of one process, read once: a {@code key = value} file (optional),
 * then {@code ORGEXPORT_*} environment variables, which win. Only keys of the {@link Catalogue}
 * (and names under its passthrough prefixes) are accepted; an unknown key or a malformed line is
 * reported with its line number. Values are parsed when read, by the key's type; an error names
 * the key, the rule, where the value came from and the value itself, unless the key is secret.
 * No message ever contains a line of the file or the value of a secret key. Immutable once
 * loaded; thread-safe.
 */
public final class Configuration {

    /** One value as given, and where it was given ({@code file:line} or the variable). */
    public record Value(String text, String source) {
    }

    private static final String ENV_PREFIX = "ORGEXPORT_";

    private final Map<String, Value> values;
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    private Configuration(Map<String, Value> values) {
        this.values = Map.copyOf(values);
    }

    /** Loads the file (when not null) and the environment. */
    public static Configuration load(Path fileOrNull, Map<String, String> environment) {
        Map<String, Value> values = new LinkedHashMap<>();
        if (fileOrNull != null) {
            readFile(fileOrNull, values);
        }
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            keyOfVariable(variable.getKey()).ifPresent(name -> values.put(name,
                    new Value(variable.getValue().trim(), "environment variable " + variable.getKey())));
        }
        return new Configuration(values);
    }

    /** A configuration given in code (the demo, tests): key to value; every key must be known. */
    public static Configuration of(Map<String, String> keyValues, String source) {
        Map<String, Value> values = new LinkedHashMap<>();
        keyValues.forEach((key, text) -> {
            requireKnown(key, source);
            values.put(key, new Value(text, source));
        });
        return new Configuration(values);
    }

    /** The key an {@code ORGEXPORT_*} variable sets; other variables (e.g. ORGEXPORT_JAVA_OPTS) are not configuration. */
    static Optional<String> keyOfVariable(String variable) {
        if (!variable.startsWith(ENV_PREFIX)) {
            return Optional.empty();
        }
        for (Key<?> key : Catalogue.all()) {
            if (key.environmentVariable().equals(variable)) {
                return Optional.of(key.name());
            }
        }
        for (String prefix : Catalogue.PREFIXES) {
            String variablePrefix = Key.environmentVariable(prefix.substring(0, prefix.length() - 1)) + "_";
            if (variable.startsWith(variablePrefix) && variable.length() > variablePrefix.length()) {
                // Kafka client keys are dotted lower-case words: ORGEXPORT_KAFKA_PROPERTIES_SASL_MECHANISM is sasl.mechanism.
                return Optional.of(prefix + variable.substring(variablePrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        return Optional.empty();
    }

    private static void readFile(Path file, Map<String, Value> values) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                // The line is not shown: it may be a secret written without its key.
                throw new ConfigException(where + ": expected 'key = value' (the line is not shown, as it may hold a secret)");
            }
            String key = line.substring(0, equals).strip();
            requireKnown(key, where);
            values.put(key, new Value(line.substring(equals + 1).strip(), where));
        }
    }

    private static void requireKnown(String key, String where) {
        if (Catalogue.find(key).isEmpty() && Catalogue.prefixOf(key).isEmpty()) {
            throw new ConfigException(where + ": unknown setting '" + key + "' (see the configuration table in README.md)");
        }
    }

    /** Whether the key was given (file or environment) rather than left at its default. */
    public boolean isExplicit(Key<?> key) {
        return values.containsKey(key.name());
    }

    /**
     * This configuration with some keys replaced, e.g. the addresses of the embedded servers of
     * {@code standalone}; {@code source} is where error messages say they came from.
     */
    public Configuration with(Map<String, String> overrides, String source) {
        Map<String, Value> merged = new LinkedHashMap<>(values);
        overrides.forEach((key, text) -> {
            requireKnown(key, source);
            merged.put(key, new Value(text, source));
        });
        return new Configuration(merged);
    }

    /**
     * Every key given (file, environment, overrides) with its text as given, in name order, for
     * writing a configuration file back. Secret keys hold references only (literal secrets are
     * refused), so no secret is in it.
     */
    public Map<String, String> given() {
        Map<String, String> given = new TreeMap<>();
        values.forEach((key, value) -> given.put(key, value.text()));
        return given;
    }

    /** The value, or the key's default; empty when it has neither. */
    public <T> Optional<T> find(Key<T> key) {
        read.add(key.name());
        Value value = values.get(key.name());
        String text = value == null ? key.defaultText() : value.text();
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(key.type().parse(text));
        } catch (IllegalArgumentException e) {
            throw invalid(key.name(), key.secret(), e.getMessage());
        }
    }

    /** The value or the key's default; an error naming the key and its variable when it has neither. */
    public <T> T get(Key<T> key) {
        return find(key).orElseThrow(() -> new ConfigException("setting " + key.name()
                + " is required: set it in the configuration file or as " + key.environmentVariable()));
    }

    /** Every value under a passthrough prefix, by the name after the prefix, in name order. */
    public Map<String, Value> underPrefix(String prefix) {
        read.add(prefix + "*");
        Map<String, Value> found = new TreeMap<>();
        values.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                found.put(name.substring(prefix.length()), value);
            }
        });
        return found;
    }

    /**
     * An error about a value that parsed but breaks a rule (a range, a relation to another key).
     * Names the key, the rule and the source, and the value only when the key is not secret.
     */
    public ConfigException invalid(String name, boolean secret, String rule) {
        Value value = values.get(name);
        String source = value == null ? "default" : value.source();
        String shown = secret || value == null ? "" : ", but was '" + value.text() + "'";
        return new ConfigException(name + " " + rule + shown + " (from " + source + ")");
    }

    /** Where a key's value came from: {@code file:line}, the variable, or {@code default}. */
    public String sourceOf(String name) {
        Value value = values.get(name);
        return value == null ? "default" : value.source();
    }

    /**
     * The values given explicitly, with their source, for the one log line a process writes at
     * start; defaults are left out. A secret key's value is shown only when it is a reference.
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(values).forEach((name, value) -> {
            boolean secret = Catalogue.find(name).map(Key::secret)
                    .orElseGet(() -> name.startsWith(KafkaKeys.PROPERTIES_PREFIX)
                            && KafkaBinding.secretBearing(name.substring(KafkaKeys.PROPERTIES_PREFIX.length())));
            boolean reference = value.text().startsWith("env:") || value.text().startsWith("file:");
            text.append(text.length() == 0 ? "" : ", ").append(name).append('=')
                    .append(secret && !reference ? "<masked>" : value.text());
        });
        return text.length() == 0 ? "(all defaults)" : text.toString();
    }

    /** The names of keys (and {@code prefix.*}) read so far, for the catalogue's tests. */
    public Set<String> readKeys() {
        return Collections.unmodifiableSet(read);
    }
}
