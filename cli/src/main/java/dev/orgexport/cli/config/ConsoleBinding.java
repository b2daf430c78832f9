package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.ConsoleKeys.*;

import dev.orgexport.console.ConsoleConfig;

/** Builds {@link ConsoleConfig} from {@link ConsoleKeys}. */
public final class ConsoleBinding {

    private ConsoleBinding() {
    }

    public static ConsoleConfig config(Configuration c) {
        return ConfigException.building(() -> new ConsoleConfig(c.find(AUTH_TOKEN).orElse(null),
                c.find(AUTH_BASIC).orElse(null), c.get(READ_ONLY_WITHOUT_AUTH), ConsoleConfig.DEFAULT_SESSION_LIFETIME));
    }
}
