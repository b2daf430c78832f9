package dev.orgexport.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration of one process: a {@code key = value} file (optional), then
 * environment variables ({@code ORGEXPORT_<KEY>}), which win. Only keys declared in
 * {@link Settings} are accepted; an unknown key or a malformed line is reported with its line
 * number. Immutable once loaded.
 */
public final class Configuration {

    private record Value(String text, String source) {
    }

    private final Map<String, Value> values;

    private Configuration(Map<String, Value> values) {
        this.values = Map.copyOf(values);
    }

    /** Loads the file (when not null) and the environment. */
    public static Configuration load(Path fileOrNull, Map<String, String> environment) {
        Map<String, Value> values = new HashMap<>();
        if (fileOrNull != null) {
            readFile(fileOrNull, values);
        }
        for (Setting setting : Settings.all()) {
            String fromEnvironment = environment.get(setting.environmentVariable());
            if (fromEnvironment != null) {
                values.put(setting.key(), new Value(fromEnvironment.trim(), "environment variable "
                        + setting.environmentVariable()));
            }
        }
        return new Configuration(values);
    }

    private static void readFile(Path file, Map<String, Value> values) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException(where + ": expected 'key = value', but was '" + line + "'");
            }
            String key = line.substring(0, equals).strip();
            if (Settings.all().stream().noneMatch(s -> s.key().equals(key))) {
                throw new ConfigException(where + ": unknown setting '" + key + "' (see the configuration table in README.md)");
            }
            values.put(key, new Value(line.substring(equals + 1).strip(), where));
        }
    }

    /** The value, or the setting's default, or empty when it has neither. */
    public Optional<String> get(Setting setting) {
        Value value = values.get(setting.key());
        return Optional.ofNullable(value == null ? setting.defaultValue() : value.text());
    }

    /** Every setting with its effective value (explicit or default), for modules that read flat properties. */
    public Map<String, String> asProperties() {
        Map<String, String> properties = new HashMap<>();
        for (Setting setting : Settings.all()) {
            get(setting).ifPresent(value -> properties.put(setting.key(), value));
        }
        return properties;
    }

    public String require(Setting setting) {
        return get(setting).orElseThrow(() -> new ConfigException("setting " + setting.key()
                + " is required: set it in the configuration file or as " + setting.environmentVariable()));
    }

    public int getInt(Setting setting, int min, int max) {
        String text = require(setting);
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw invalid(setting, text, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(setting, text, "must be a whole number");
        }
    }

    public Duration getDuration(Setting setting) {
        String text = require(setting);
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(setting, text, "must be an ISO-8601 duration such as PT30S");
        }
    }

    private ConfigException invalid(Setting setting, String text, String rule) {
        Value value = values.get(setting.key());
        String source = value == null ? "default" : value.source();
        return new ConfigException(setting.key() + " " + rule + ", but was '" + text + "' (from " + source + ")");
    }
}
