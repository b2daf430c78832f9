package dev.orgexport.cli.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key orgexport reads: the {@code public static final Key} constants of the
 * {@code *Keys} classes listed here, plus the {@code kafka.properties.*} passthrough prefix. The
 * one place a key is declared; {@link Configuration} accepts nothing else, the README's
 * configuration table is checked against it, and the module config records are built from it
 * by the {@code *Binding} classes.
 *
 * <h2>How to add a key</h2>
 * <ol>
 *   <li>Add a constant to the {@code *Keys} class of its area (a new area: a new class, listed in
 *       {@link #HOLDERS}): {@code Key.of(name, type, default, meaning, roles...)}, the default taken
 *       from the module's constant; {@code Key.required(...)} when it has none. The type parses
 *       the text only; ranges belong in the module's config record, whose message names the key.
 *       A secret is a {@link ValueType#SECRET_REFERENCE}, never a literal.</li>
 *   <li>Read it where that role's config record is built ({@code WorkerBinding},
 *       {@code OrchestratorBinding}, {@code PlatformConfiguration}, ...):
 *       {@code configuration.get(WorkerKeys.NEW_KEY)}.</li>
 *   <li>Add its row to the configuration table in README.md (key, default, variable, meaning as
 *       in the constant). {@code ConfigurationCatalogueTest} fails until the table, the module
 *       READMEs and the roles that read the key agree with the constant.</li>
 * </ol>
 */
public final class Catalogue {

    /** The classes whose {@code Key} constants make the catalogue. */
    private static final List<Class<?>> HOLDERS = List.of(DatabaseKeys.class, KafkaKeys.class, ProcessKeys.class,
            PlatformKeys.class, WorkerKeys.class, SinkKeys.class, OrchestratorKeys.class, ConsoleKeys.class);

    /** Keys whose name continues freely after the prefix; each prefix is bound by its own binding. */
    public static final List<String> PREFIXES = List.of(KafkaKeys.PROPERTIES_PREFIX);

    private static final Map<String, Key<?>> BY_NAME = collect();

    private Catalogue() {
    }

    /** Every key, in declaration order. */
    public static List<Key<?>> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<Key<?>> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The passthrough prefix {@code name} starts with, if any. */
    public static Optional<String> prefixOf(String name) {
        return PREFIXES.stream().filter(p -> name.startsWith(p) && name.length() > p.length()).findFirst();
    }

    private static Map<String, Key<?>> collect() {
        Map<String, Key<?>> keys = new LinkedHashMap<>();
        for (Class<?> holder : HOLDERS) {
            for (Field field : holder.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (field.getType() != Key.class || !Modifier.isStatic(modifiers) || !Modifier.isPublic(modifiers)) {
                    continue;
                }
                Key<?> key;
                try {
                    key = (Key<?>) field.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + holder.getSimpleName() + "." + field.getName(), e);
                }
                if (keys.put(key.name(), key) != null) {
                    throw new IllegalStateException("configuration key " + key.name() + " is declared twice");
                }
                if (PREFIXES.stream().anyMatch(key.name()::startsWith)) {
                    throw new IllegalStateException(key.name() + " lies under a passthrough prefix");
                }
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    /** The names of the keys a role reads. */
    public static List<String> namesFor(Role role) {
        List<String> names = new ArrayList<>();
        BY_NAME.values().stream().filter(k -> k.roles().contains(role)).forEach(k -> names.add(k.name()));
        return names;
    }
}
