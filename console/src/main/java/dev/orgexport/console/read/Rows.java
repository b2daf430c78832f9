package dev.orgexport.console.read;

import dev.orgexport.schema.OrgexportException;
import dev.orgexport.schema.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Runs one read-only query with positional parameters (instants as timestamptz) and maps its rows. */
final class Rows {

    interface Mapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    private final DataSource dataSource;

    Rows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> List<T> query(String what, String sql, Mapper<T> mapper, List<?> parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                if (parameter instanceof Instant instant) {
                    Sql.setInstant(statement, i + 1, instant);
                } else {
                    statement.setObject(i + 1, parameter);
                }
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new OrgexportException("console: cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
