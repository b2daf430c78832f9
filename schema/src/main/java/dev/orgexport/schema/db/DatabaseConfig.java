package dev.orgexport.schema.db;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach PostgreSQL. Validated on construction; {@link #toString()} masks the password
 * and {@link #redactedUrl()} strips credentials from the URL, so either is safe to log.
 *
 * @param jdbcUrl           a {@code jdbc:postgresql:} URL
 * @param user              the database user
 * @param password          the password (may be empty; never logged)
 * @param maxPoolSize       connections in the pool, 1 to 200 (default 10)
 * @param connectionTimeout how long to wait for a connection, 250 ms to 10 min (default 10 s)
 * @param statementTimeout  server-side {@code statement_timeout} of every session, 100 ms to 1 h
 *                          (default 60 s): no statement, lock wait included, runs longer
 * @param socketTimeout     the driver's {@code socketTimeout}, whole seconds from 1 s to 1 h (default
 *                          90 s), at least 5 s longer than the statement timeout: a read on a connection
 *                          whose server vanished without a reset (a failover) fails instead of waiting
 *                          for the operating system's retransmissions (about 15 min) or forever
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize,
                             Duration connectionTimeout, Duration statementTimeout, Duration socketTimeout) {

    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(90);

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "database.url must be set");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database.url must start with jdbc:postgresql:, but was '"
                    + redact(jdbcUrl) + "'");
        }
        Objects.requireNonNull(user, "database.user must be set");
        password = password == null ? "" : password;
        if (maxPoolSize < 1 || maxPoolSize > 200) {
            throw new IllegalArgumentException("database.pool-size must be between 1 and 200, but was " + maxPoolSize);
        }
        Objects.requireNonNull(connectionTimeout, "database.connection-timeout must be set");
        if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0 || connectionTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("database.connection-timeout must be between 250ms and 10m, but was "
                    + connectionTimeout);
        }
        Objects.requireNonNull(statementTimeout, "database.statement-timeout must be set");
        if (statementTimeout.compareTo(Duration.ofMillis(100)) < 0 || statementTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("database.statement-timeout must be between 100ms and 1h, but was "
                    + statementTimeout);
        }
        Objects.requireNonNull(socketTimeout, "database.socket-timeout must be set");
        if (socketTimeout.compareTo(Duration.ofSeconds(1)) < 0 || socketTimeout.compareTo(Duration.ofHours(1)) > 0
                || socketTimeout.getNano() != 0) {
            throw new IllegalArgumentException("database.socket-timeout must be whole seconds between 1s and 1h, but was "
                    + socketTimeout);
        }
        if (socketTimeout.compareTo(statementTimeout.plusSeconds(5)) < 0) {
            throw new IllegalArgumentException("database.socket-timeout must be at least database.statement-timeout ("
                    + statementTimeout + ") plus 5s, so a slow statement ends by its own timeout, but was " + socketTimeout);
        }
    }

    /** With the default statement and socket timeouts. */
    public DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize, Duration connectionTimeout) {
        this(jdbcUrl, user, password, maxPoolSize, connectionTimeout, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_SOCKET_TIMEOUT);
    }

    public static DatabaseConfig of(String jdbcUrl, String user, String password) {
        return new DatabaseConfig(jdbcUrl, user, password, DEFAULT_MAX_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    public DatabaseConfig withMaxPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size, connectionTimeout, statementTimeout, socketTimeout);
    }

    /** The URL without any password or user given in its query string. */
    public String redactedUrl() {
        return redact(jdbcUrl);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password|user)=[^&;]*", "$1=<masked>");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + redactedUrl() + ", user=" + user + ", password=<masked>, maxPoolSize="
                + maxPoolSize + ", connectionTimeout=" + connectionTimeout + ", statementTimeout=" + statementTimeout
                + ", socketTimeout=" + socketTimeout + "]";
    }
}
