package dev.orgexport.cli.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One documented configuration key: its name in the configuration file, the environment
 * variable that overrides it, its type (how its text is parsed), its default (null when it has
 * none), the roles that read it and what it means. Declared once, as a constant of a
 * {@code *Keys} class listed in {@link Catalogue}; the README's configuration table repeats it.
 *
 * @param <T> the type of the parsed value
 */
public record Key<T>(String name, ValueType<T> type, String defaultText, Set<Role> roles, String meaning) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    public Key {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key name is dot-separated lower-case words, but was '" + name + "'");
        }
        Objects.requireNonNull(type, "type of " + name);
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(name + " must be read by at least one role");
        }
        Objects.requireNonNull(meaning, "meaning of " + name);
        if (defaultText != null) {
            type.parse(defaultText);
        }
    }

    /** A key with a default given as a typed value (usually a module constant), formatted as the README shows it. */
    static <T> Key<T> of(String name, ValueType<T> type, T defaultValue, String meaning, Role... roles) {
        return new Key<>(name, type, defaultValue == null ? null : type.format(defaultValue), roleSet(roles), meaning);
    }

    /** A key without a default: unset means "required" or "derived", as its meaning says. */
    static <T> Key<T> required(String name, ValueType<T> type, String meaning, Role... roles) {
        return new Key<>(name, type, null, roleSet(roles), meaning);
    }

    /** {@code worker.output-root} is overridden by {@code ORGEXPORT_WORKER_OUTPUT_ROOT}. */
    public String environmentVariable() {
        return environmentVariable(name);
    }

    static String environmentVariable(String name) {
        return "ORGEXPORT_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public boolean secret() {
        return type.secret();
    }

    private static Set<Role> roleSet(Role... roles) {
        return roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles);
    }
}
