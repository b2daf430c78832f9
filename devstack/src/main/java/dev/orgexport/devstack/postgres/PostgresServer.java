package dev.orgexport.devstack.postgres;

/**
 * A running PostgreSQL server and the superuser-ish account used to create databases on it.
 * Implementations never show the password in {@link #description()}.
 */
interface PostgresServer extends AutoCloseable {

    /** A URL of a database on this server that the account can connect to (usually postgres). */
    String adminJdbcUrl();

    /** The account's user, or null when the URL carries it. */
    String user();

    /** The account's password, or null when there is none or the URL carries it. */
    String password();

    /** Which server this is and how long it took to become usable; safe to log. */
    String description();

    /** Stops the server if this JVM started it; does nothing for an external server. */
    @Override
    void close();
}
