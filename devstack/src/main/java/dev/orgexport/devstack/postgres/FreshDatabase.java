package dev.orgexport.devstack.postgres;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A new, empty database created for one test class (or one demo run): its name, how to connect,
 * and a {@link DataSource} for it. Immutable and thread-safe; {@link #toString()} never shows the
 * password, nor URL parameters (which may hold one).
 */
public final class FreshDatabase {

    private final String name;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    FreshDatabase(String name, String jdbcUrl, String user, String password) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** The database name, e.g. {@code runstore_3f9c01ab}. */
    public String name() {
        return name;
    }

    /** A JDBC URL of this database (may carry the server's parameters, so do not log it). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user to connect as, or null when the URL carries it. */
    public String user() {
        return user;
    }

    /** The password, or null when there is none or the URL carries it. Never log it. */
    public String password() {
        return password;
    }

    /**
     * A new non-pooling {@link DataSource} of this database (each {@code getConnection()} opens
     * a connection); wrap it in a pool when a test needs one.
     */
    public DataSource dataSource() {
        return dataSource(jdbcUrl, user, password);
    }

    static PGSimpleDataSource dataSource(String jdbcUrl, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    @Override
    public String toString() {
        return "FreshDatabase[name=" + name + ", jdbcUrl=" + JdbcUrls.redacted(jdbcUrl) + ", user=" + user
                + ", password=" + (password == null ? "<none>" : "<masked>") + "]";
    }
}
