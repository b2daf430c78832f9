package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.Role.OPERATOR;
import static dev.orgexport.cli.config.Role.ORCHESTRATOR;
import static dev.orgexport.cli.config.Role.WORKER;

import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.schema.db.DatabaseConfig;
import java.time.Duration;

/** {@code database.*}: how every process reaches PostgreSQL. Bound by {@link DatabaseBinding}. */
public final class DatabaseKeys {

    public static final Key<String> URL = Key.required("database.url", ValueType.TEXT,
            "JDBC URL of PostgreSQL, e.g. jdbc:postgresql://db:5432/orgexport. Required by every command but "
                    + "`demo` and `simulator`.", ORCHESTRATOR, WORKER, OPERATOR);
    public static final Key<String> USER = Key.of("database.user", ValueType.TEXT, "orgexport", "PostgreSQL user.",
            ORCHESTRATOR, WORKER, OPERATOR);
    public static final Key<SecretRef> PASSWORD = Key.required("database.password", ValueType.SECRET_REFERENCE,
            "Reference to the PostgreSQL password: env:NAME or file:/path. Never the password itself (refused, "
                    + "without showing it). Unset: no password.", ORCHESTRATOR, WORKER, OPERATOR);
    public static final Key<Integer> POOL_SIZE = Key.of("database.pool-size", ValueType.INTEGER,
            DatabaseConfig.DEFAULT_MAX_POOL_SIZE, "Connections in the HikariCP pool (1-200).", ORCHESTRATOR, WORKER, OPERATOR);
    public static final Key<Duration> CONNECTION_TIMEOUT = Key.of("database.connection-timeout", ValueType.DURATION,
            DatabaseConfig.DEFAULT_CONNECTION_TIMEOUT, "How long to wait for a pooled connection (250 ms - 10 min).",
            ORCHESTRATOR, WORKER, OPERATOR);
    public static final Key<Duration> STATEMENT_TIMEOUT = Key.of("database.statement-timeout", ValueType.DURATION,
            DatabaseConfig.DEFAULT_STATEMENT_TIMEOUT, "Server-side statement_timeout of every session: no statement, lock "
                    + "wait included, runs longer (100 ms - 1 h).", ORCHESTRATOR, WORKER, OPERATOR);
    public static final Key<Duration> SOCKET_TIMEOUT = Key.of("database.socket-timeout", ValueType.DURATION,
            DatabaseConfig.DEFAULT_SOCKET_TIMEOUT, "JDBC socketTimeout: a read from a server that vanished without a "
                    + "reset fails after this (whole seconds, 1 s - 1 h, at least the statement timeout plus 5 s).",
            ORCHESTRATOR, WORKER, OPERATOR);

    private DatabaseKeys() {
    }
}
