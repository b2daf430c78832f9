package dev.orgexport.cli.config;

import dev.orgexport.schema.OrgexportException;

/** A configuration value is missing or invalid; the message names the key, its source and the rule. */
public final class ConfigException extends OrgexportException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
