package dev.orgexport.devstack.postgres;

import dev.orgexport.devstack.DevStack;
import java.util.Locale;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The postgres:17 image under Testcontainers, for machines with Docker. */
final class ContainerPostgresServer implements PostgresServer {

    static final String IMAGE = "postgres:17";

    private final PostgreSQLContainer container;

    private ContainerPostgresServer(PostgreSQLContainer container) {
        this.container = container;
    }

    /**
     * @throws dev.orgexport.devstack.DevStackUnavailableException without a Docker engine
     */
    static ContainerPostgresServer start() {
        DevStack.requireDocker(IMAGE);
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        return new ContainerPostgresServer(container);
    }

    @Override
    public String adminJdbcUrl() {
        return container.getJdbcUrl();
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "PostgreSQL container %s at %s",
                IMAGE, JdbcUrls.redacted(adminJdbcUrl()));
    }

    @Override
    public void close() {
        container.stop();
    }
}
