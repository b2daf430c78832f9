package dev.orgexport.cli.config;

import java.util.Locale;

/**
 * One documented configuration setting: its key in the configuration file, the environment
 * variable that overrides it, its default (null when it has none) and what it means.
 */
public record Setting(String key, String defaultValue, String meaning) {

    /** {@code worker.output-root} is overridden by {@code ORGEXPORT_WORKER_OUTPUT_ROOT}. */
    public String environmentVariable() {
        return "ORGEXPORT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
