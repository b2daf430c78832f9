package dev.orgexport.devstack.postgres;

import java.util.Map;

/**
 * A PostgreSQL server someone else runs, named by the environment: {@value #URL_VARIABLE}
 * (required), {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE} (optional). The account
 * needs the CREATEDB privilege. Databases created on it are left there.
 */
final class ExternalPostgresServer implements PostgresServer {

    static final String URL_VARIABLE = "ORGEXPORT_JDBC_URL";
    static final String USER_VARIABLE = "ORGEXPORT_JDBC_USER";
    static final String PASSWORD_VARIABLE = "ORGEXPORT_JDBC_PASSWORD";

    private final String url;
    private final String user;
    private final String password;

    private ExternalPostgresServer(String url, String user, String password) {
        JdbcUrls.requirePostgres(url);
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The server named by {@code environment}, or null when {@value #URL_VARIABLE} is unset or blank. */
    static ExternalPostgresServer fromEnvironment(Map<String, String> environment) {
        String url = environment.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return null;
        }
        return new ExternalPostgresServer(url.trim(), environment.get(USER_VARIABLE), environment.get(PASSWORD_VARIABLE));
    }

    @Override
    public String adminJdbcUrl() {
        return url;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String description() {
        return "external PostgreSQL from " + URL_VARIABLE + " at " + JdbcUrls.redacted(url);
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
