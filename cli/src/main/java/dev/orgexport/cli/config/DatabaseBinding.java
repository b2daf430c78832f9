package dev.orgexport.cli.config;

import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.secret.SecretUnavailableException;
import dev.orgexport.schema.db.DatabaseConfig;

/** Builds {@link DatabaseConfig} from {@link DatabaseKeys}, resolving the password reference. */
public final class DatabaseBinding {

    private DatabaseBinding() {
    }

    public static DatabaseConfig config(Configuration configuration, SecretResolver secrets) {
        String password = configuration.find(DatabaseKeys.PASSWORD).map(reference -> {
            try {
                return secrets.resolve(reference).reveal();
            } catch (SecretUnavailableException e) {
                throw new ConfigException(DatabaseKeys.PASSWORD.name() + ": " + e.getMessage());
            }
        }).orElse("");
        String url = configuration.get(DatabaseKeys.URL);
        String user = configuration.get(DatabaseKeys.USER);
        int poolSize = configuration.get(DatabaseKeys.POOL_SIZE);
        return ConfigException.building(() -> new DatabaseConfig(url, user, password, poolSize,
                configuration.get(DatabaseKeys.CONNECTION_TIMEOUT), configuration.get(DatabaseKeys.STATEMENT_TIMEOUT),
                configuration.get(DatabaseKeys.SOCKET_TIMEOUT)));
    }
}
