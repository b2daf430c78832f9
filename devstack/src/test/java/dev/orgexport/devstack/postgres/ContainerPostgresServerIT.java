package dev.orgexport.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.SkipReasonPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs on machines with Docker; elsewhere {@code ContainerPostgresServer.start()} makes JUnit skip it. */
@ExtendWith(SkipReasonPrinter.class)
class ContainerPostgresServerIT {

    @Test
    void the_postgres_container_is_postgresql_17() throws Exception {
        try (ContainerPostgresServer server = ContainerPostgresServer.start()) {
            System.out.println("[ContainerPostgresServerIT] PostgreSQL: " + server.description());
            String version = PostgresProviderIT.query(
                    FreshDatabase.dataSource(server.adminJdbcUrl(), server.user(), server.password()),
                    "SHOW server_version_num");

            assertThat(Integer.parseInt(version) / 10_000).isEqualTo(17);
        }
    }
}
