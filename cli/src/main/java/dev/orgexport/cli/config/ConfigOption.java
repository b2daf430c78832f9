package dev.orgexport.cli.config;

import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option every command that reads configuration mixes in, and the
 * one way such a command opens PostgreSQL.
 */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file of key = value lines (see README.md); ORGEXPORT_* environment variables override it.")
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
        Configuration config = configuration();
        String password = config.get(Settings.DATABASE_PASSWORD)
                .map(reference -> SecretResolver.system().resolve(SecretRef.parse(reference)).reveal()).orElse("");
        return Database.open(new DatabaseConfig(config.require(Settings.DATABASE_URL), config.require(Settings.DATABASE_USER),
                password, config.getInt(Settings.DATABASE_POOL_SIZE, 1, 200), DatabaseConfig.DEFAULT_CONNECTION_TIMEOUT));
    }
}
