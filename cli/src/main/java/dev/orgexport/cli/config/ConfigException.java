package dev.orgexport.cli.config;

import dev.orgexport.schema.OrgexportException;
import java.util.function.Supplier;

/**
 * A configuration value is missing or invalid; the message names the key, its source and the
 * rule, and never the value of a secret key.
 */
public final class ConfigException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /**
     * Builds a module's config record; its validation error (whose message names the key, the
     * rule and the value, as every config record's does) becomes a configuration error.
     */
    public static <T> T building(Supplier<T> record) {
        try {
            return record.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(String.valueOf(e.getMessage()));
        }
    }
}
