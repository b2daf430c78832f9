package dev.orgexport.devstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone mode's PostgreSQL: stopped and started again on its directory, it still has the data. */
class PersistentPostgresIT {

    @TempDir
    Path directory;

    @Test
    void a_database_and_its_rows_survive_a_stop_and_a_start_on_the_same_directory() throws Exception {
        try (PersistentPostgres first = PersistentPostgres.start(directory.resolve("pg"))) {
            try (Connection connection = DriverManager.getConnection(first.database("orgexport"), first.user(), null);
                 Statement sql = connection.createStatement()) {
                sql.execute("CREATE TABLE kept (value text)");
                sql.execute("INSERT INTO kept VALUES ('before the restart')");
            }
        }

        try (PersistentPostgres second = PersistentPostgres.start(directory.resolve("pg"));
             Connection connection = DriverManager.getConnection(second.database("orgexport"), second.user(), null);
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT value FROM kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("before the restart");
            assertThat(second.description()).contains(directory.resolve("pg").toString());
        }
    }

    @Test
    void a_database_name_that_is_not_a_plain_identifier_is_refused() {
        try (PersistentPostgres postgres = PersistentPostgres.start(directory.resolve("pg"))) {
            assertThatThrownBy(() -> postgres.database("x; DROP DATABASE postgres"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x; DROP DATABASE postgres");
        }
    }
}
