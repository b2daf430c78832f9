package dev.orgexport.orchestrator.support;

import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** A fresh, migrated PostgreSQL database for one test class, with small query helpers. */
public final class TestDatabase implements AutoCloseable {

    private final FreshDatabase fresh;
    private final Database database;

    private TestDatabase(FreshDatabase fresh, Database database) {
        this.fresh = fresh;
        this.database = database;
    }

    public static TestDatabase create(String prefix) {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase(prefix);
        return new TestDatabase(fresh, open(fresh, 10));
    }

    /** A second pool on the same database, as a second process would have. */
    public Database openAnotherPool(int size) {
        return open(fresh, size);
    }

    private static Database open(FreshDatabase fresh, int size) {
        return Database.open(new DatabaseConfig(fresh.jdbcUrl(), fresh.user() == null ? "" : fresh.user(),
                fresh.password(), size, DatabaseConfig.DEFAULT_CONNECTION_TIMEOUT));
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    /** A non-pooling data source on the same database whose sessions use {@code timeZone}. */
    public DataSource dataSourceInTimeZone(String timeZone) {
        org.postgresql.ds.PGSimpleDataSource source = (org.postgresql.ds.PGSimpleDataSource) fresh.dataSource();
        source.setOptions("-c TimeZone=" + timeZone);
        return source;
    }

    public long count(String sql, Object... parameters) {
        return query(sql, parameters).isEmpty() ? 0 : ((Number) query(sql, parameters).get(0).get(0)).longValue();
    }

    /** Rows as lists of column values. */
    public List<List<Object>> query(String sql, Object... parameters) {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<List<Object>> result = new ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(rows.getObject(c));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
