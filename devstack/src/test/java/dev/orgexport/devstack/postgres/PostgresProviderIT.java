package dev.orgexport.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.devstack.DevStack;
import dev.orgexport.devstack.SkipReasonPrinter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SkipReasonPrinter.class)
class PostgresProviderIT {

    @Test
    void fresh_databases_are_distinct_empty_and_usable() throws Exception {
        PostgresProvider postgres = PostgresProvider.shared();
        System.out.println("[PostgresProviderIT] mode " + DevStack.mode() + ", PostgreSQL: " + postgres.description());

        long begin = System.nanoTime();
        FreshDatabase first = postgres.freshDatabase("ProviderIT");
        FreshDatabase second = postgres.freshDatabase("ProviderIT");
        System.out.println("[PostgresProviderIT] two fresh databases in " + (System.nanoTime() - begin) / 1_000_000
                + " ms: " + first + ", " + second);

        assertThat(first.name()).startsWith("providerit_").isNotEqualTo(second.name());
        assertThat(query(first.dataSource(), "SELECT current_database()")).isEqualTo(first.name());
        assertThat(query(second.dataSource(), "SELECT current_database()")).isEqualTo(second.name());
        assertThat(query(first.dataSource(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");

        update(first.dataSource(), "CREATE TABLE run (id bigint PRIMARY KEY, state text NOT NULL)");
        update(first.dataSource(), "INSERT INTO run VALUES (1, 'QUEUED')");
        assertThat(query(first.dataSource(), "SELECT state FROM run WHERE id = 1")).isEqualTo("QUEUED");
        assertThatThrownBy(() -> query(second.dataSource(), "SELECT state FROM run"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("\"run\" does not exist");
    }

    @Test
    void the_server_is_postgresql_17_unless_an_external_one_was_given() throws Exception {
        PostgresProvider postgres = PostgresProvider.shared();
        System.out.println("[PostgresProviderIT] PostgreSQL: " + postgres.description());
        FreshDatabase database = postgres.freshDatabase("version_check");

        String version = query(database.dataSource(), "SHOW server_version_num");
        // An external server (ORGEXPORT_JDBC_URL) is whatever its owner runs; ours must be 17.
        if (System.getenv("ORGEXPORT_JDBC_URL") == null) {
            assertThat(Integer.parseInt(version) / 10_000).isEqualTo(17);
        }
    }

    @Test
    void a_database_name_prefix_that_is_not_a_plain_identifier_is_refused() {
        PostgresProvider postgres = PostgresProvider.shared();
        System.out.println("[PostgresProviderIT] PostgreSQL: " + postgres.description());

        assertThatThrownBy(() -> postgres.freshDatabase("runs; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namePrefix must be a letter followed by up to 39 letters, digits or underscores,"
                        + " but was 'runs; DROP DATABASE postgres'");
    }

    static String query(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static void update(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
