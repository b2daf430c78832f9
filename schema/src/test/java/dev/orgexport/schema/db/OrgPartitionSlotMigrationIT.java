package dev.orgexport.schema.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** V6 on a real PostgreSQL: existing orgs get slots in the order they were added, new orgs the next ones. */
class OrgPartitionSlotMigrationIT {

    @Test
    void existing_orgs_are_numbered_by_creation_then_id_and_new_orgs_take_the_next_slots() throws SQLException {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("slots");
        Flyway.configure().dataSource(fresh.dataSource()).locations("classpath:db/migration").target("5").load().migrate();
        try (Connection connection = fresh.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO org (id, name, region, client_id, secret_ref, created_at) VALUES "
                    + "('c', 'C', 'us-east-1', 'client', 'env:S', '2030-01-01T00:00:00Z'), "
                    + "('b', 'B', 'us-east-1', 'client', 'env:S', '2030-01-02T00:00:00Z'), "
                    + "('a', 'A', 'us-east-1', 'client', 'env:S', '2030-01-02T00:00:00Z'), "
                    + "('d', 'D', 'us-east-1', 'client', 'env:S', '2030-01-03T00:00:00Z')");
        }

        try (Database database = Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password()))) {
            assertThat(slots(database)).containsExactly(Map.entry("c", 0), Map.entry("a", 1), Map.entry("b", 2),
                    Map.entry("d", 3));
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                // One statement with two rows, then one more: consecutive slots, none reused.
                statement.executeUpdate("INSERT INTO org (id, name, region, client_id, secret_ref) VALUES "
                        + "('e', 'E', 'us-east-1', 'client', 'env:S'), ('f', 'F', 'us-east-1', 'client', 'env:S')");
                statement.executeUpdate("INSERT INTO org (id, name, region, client_id, secret_ref) VALUES "
                        + "('g', 'G', 'us-east-1', 'client', 'env:S')");
            }
            assertThat(slots(database)).containsEntry("e", 4).containsEntry("f", 5).containsEntry("g", 6);
        }
    }

    private static Map<String, Integer> slots(Database database) throws SQLException {
        Map<String, Integer> slots = new LinkedHashMap<>();
        try (Connection connection = database.dataSource().getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT id, partition_slot FROM org ORDER BY partition_slot")) {
            while (rows.next()) {
                slots.put(rows.getString(1), rows.getInt(2));
            }
        }
        return slots;
    }
}
