package dev.orgexport.devstack.postgres;

/** Rewriting PostgreSQL JDBC URLs ({@code jdbc:postgresql://host:port/db?params}). */
final class JdbcUrls {

    private static final String PREFIX = "jdbc:postgresql:";
    private static final String NETWORK_PREFIX = PREFIX + "//";

    private JdbcUrls() {
    }

    /** The same server and parameters, another database. */
    static String withDatabase(String url, String database) {
        requirePostgres(url);
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String parameters = query < 0 ? "" : url.substring(query);
        if (!base.startsWith(NETWORK_PREFIX)) {
            return PREFIX + database + parameters;
        }
        int slash = base.indexOf('/', NETWORK_PREFIX.length());
        String server = slash < 0 ? base : base.substring(0, slash);
        return server + "/" + database + parameters;
    }

    /** The URL without its parameters, which may hold a user or password: safe to log. */
    static String redacted(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?<parameters hidden>";
    }

    static void requirePostgres(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("JDBC URL must start with '" + PREFIX + "', but was '"
                    + (url == null ? null : redacted(url)) + "'");
        }
    }
}
