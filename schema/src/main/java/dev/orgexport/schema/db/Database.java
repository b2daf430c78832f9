package dev.orgexport.schema.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL pool of one process: HikariCP over the PostgreSQL driver, with the schema
 * migrated by Flyway before anything else uses it. Opening fails fast, with a message that
 * names the URL and the cause, when the database cannot be reached or migrated.
 * Thread-safe; close it once at shutdown.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens the pool and migrates the schema to the newest version.
     *
     * @throws DatabaseUnavailableException naming the (redacted) URL when PostgreSQL cannot be
     *                                      reached or the migration fails
     */
    public static Database open(DatabaseConfig config) {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikariConfig(config));
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("cannot connect to PostgreSQL at " + config.redactedUrl()
                    + " as user '" + config.user() + "': " + rootMessage(e), e);
        }
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            // Flyway names a target version only when it applied something.
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            log.info("database ready url={} schemaVersion={} migrationsApplied={}",
                    config.redactedUrl(), version, result.migrationsExecuted);
        } catch (RuntimeException e) {
            pool.close();
            throw new DatabaseUnavailableException("cannot migrate the schema of PostgreSQL at "
                    + config.redactedUrl() + ": " + rootMessage(e), e);
        }
        return new Database(pool);
    }

    private static HikariConfig hikariConfig(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("orgexport-db");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        // Fail at open, not at the first query, when the database is unreachable.
        hikari.setInitializationFailTimeout(config.connectionTimeout().toMillis());
        // Every instant is stored and read as UTC, whatever the server's or JVM's zone. Every wait
        // is bounded: no statement runs longer than the statement timeout on the server, and a
        // connection whose server vanished without a reset fails at the socket timeout.
        hikari.addDataSourceProperty("options", "-c TimeZone=UTC -c statement_timeout="
                + config.statementTimeout().toMillis());
        hikari.addDataSourceProperty("socketTimeout", (int) config.socketTimeout().toSeconds());
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        hikari.addDataSourceProperty("ApplicationName", "orgexport");
        return hikari;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root instanceof SQLException sql && sql.getSQLState() != null
                ? message + " (SQLState " + sql.getSQLState() + ")" : message;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
