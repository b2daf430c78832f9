package dev.orgexport.devstack.postgres;

import dev.orgexport.devstack.DevStack;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "A PostgreSQL" for integration tests and the demo, and a fresh database on it per test class:
 *
 * <pre>{@code
 * FreshDatabase db = PostgresProvider.shared().freshDatabase("runstore");
 * DataSource dataSource = db.dataSource();
 * }</pre>
 *
 * <p>The server is chosen once per JVM, in this order:
 * <ol>
 *   <li>{@code -Dorgexport.devstack=containers}: the postgres:17 image under Testcontainers
 *       (without Docker: {@link dev.orgexport.devstack.DevStackUnavailableException}, so tests
 *       are skipped);</li>
 *   <li>the environment variable {@code ORGEXPORT_JDBC_URL} (plus optional
 *       {@code ORGEXPORT_JDBC_USER}, {@code ORGEXPORT_JDBC_PASSWORD}): that server, whose account
 *       needs CREATEDB; its databases are left behind;</li>
 *   <li>otherwise an embedded PostgreSQL 17 (zonky binaries) on a free loopback port.</li>
 * </ol>
 * The server is started on the first call of {@link #shared()} and stopped by a shutdown hook.
 * Thread-safe.
 */
public final class PostgresProvider {

    private static final Logger log = LoggerFactory.getLogger(PostgresProvider.class);
    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    private static PostgresProvider shared;

    private final PostgresServer server;
    private final String description;

    private PostgresProvider(PostgresServer server, String description) {
        this.server = server;
        this.description = description;
    }

    /**
     * The JVM-wide server, started on first use.
     *
     * @throws dev.orgexport.devstack.DevStackUnavailableException in containers mode without
     *         Docker (JUnit reports the calling test as skipped)
     */
    public static synchronized PostgresProvider shared() {
        if (shared == null) {
            // Not cached on failure: an unavailable backend throws again (and skips) for every caller.
            shared = start();
            log.info("PostgreSQL for this JVM: {}", shared.description);
        }
        return shared;
    }

    private static PostgresProvider start() {
        long begin = System.nanoTime();
        PostgresServer server = chooseServer();
        try {
            String version = serverVersion(server);
            long millis = (System.nanoTime() - begin) / 1_000_000;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "devstack-postgres-stop"));
            return new PostgresProvider(server, String.format(Locale.ROOT, "%s: PostgreSQL %s, ready in %d ms",
                    server.description(), version, millis));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static PostgresServer chooseServer() {
        if (DevStack.mode() == DevStack.Mode.CONTAINERS) {
            return ContainerPostgresServer.start();
        }
        PostgresServer external = ExternalPostgresServer.fromEnvironment(System.getenv());
        return external != null ? external : EmbeddedPostgresServer.start();
    }

    /**
     * Creates a new empty database named {@code <namePrefix lower-cased>_<8 random hex digits>}.
     * Creation is serialized within this JVM and copies {@code template0}, so concurrent callers
     * (even from other JVMs) never collide on a busy template.
     *
     * @param namePrefix a letter, then up to 39 letters, digits or underscores, e.g. "runstore"
     * @throws IllegalArgumentException when the prefix does not match that rule
     * @throws IllegalStateException    when the server refuses to create the database
     */
    public synchronized FreshDatabase freshDatabase(String namePrefix) {
        if (namePrefix == null || !NAME_PREFIX.matcher(namePrefix).matches()) {
            throw new IllegalArgumentException("namePrefix must be a letter followed by up to 39 letters, digits"
                    + " or underscores, but was '" + namePrefix + "'");
        }
        String name = namePrefix.toLowerCase(Locale.ROOT) + "_" + UUID.randomUUID().toString().substring(0, 8);
        long begin = System.nanoTime();
        // The name matches [a-z][a-z0-9_]*, so it is a safe unquoted identifier.
        execute(server, "CREATE DATABASE " + name + " TEMPLATE template0");
        log.info("Created fresh database {} in {} ms", name, (System.nanoTime() - begin) / 1_000_000);
        return new FreshDatabase(name, JdbcUrls.withDatabase(server.adminJdbcUrl(), name),
                server.user(), server.password());
    }

    /** Which server, which PostgreSQL version, and how long it took to become usable. */
    public String description() {
        return description;
    }

    private static String serverVersion(PostgresServer server) {
        try (Connection connection = adminConnection(server);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not query " + server.description(), e);
        }
    }

    private static void execute(PostgresServer server, String sql) {
        try (Connection connection = adminConnection(server);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + server.description(), e);
        }
    }

    private static Connection adminConnection(PostgresServer server) throws SQLException {
        return FreshDatabase.dataSource(server.adminJdbcUrl(), server.user(), server.password()).getConnection();
    }
}
