package dev.orgexport.cli.config;

import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.db.Database;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option every command that reads configuration mixes in, and the
 * one way such a command opens PostgreSQL.
 */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file of key = value lines (see the configuration table in README.md); ORGEXPORT_* environment variables override it.")
    private Path file;

    private Configuration configuration;

    public synchronized Configuration configuration() {
        if (configuration == null) {
            configuration = Configuration.load(file, System.getenv());
        }
        return configuration;
    }

    /** Opens (and migrates) the configured PostgreSQL. */
    public Database openDatabase() {
        return Database.open(DatabaseBinding.config(configuration(), SecretResolver.system()));
    }
}
