package dev.orgexport.schema.audit;

import dev.orgexport.schema.OrgexportException;
import dev.orgexport.schema.db.SafeText;
import dev.orgexport.schema.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Appends to and reads the {@code audit_event} table. The table itself rejects UPDATE, DELETE
 * and TRUNCATE, so this store can only add. Thread-safe.
 */
public class PostgresAuditStore {

    /** The columns of {@link #map}, in table order. */
    public static final String COLUMNS = "id, event_date, org_id, service_name, level, action, entity_type, "
            + "entity_id, entity_name, status, message_code, message, region, host, http_status, error_code, "
            + "correlation_id, failure_kind, diagnosis, run_id, attempt, worker_id";
    /** The columns written, with the flag of a row whose text had to be made safe. */
    private static final String INSERT_COLUMNS = COLUMNS + ", text_sanitized";

    protected final DataSource dataSource;

    public PostgresAuditStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void append(AuditEvent event) {
        try (Connection connection = dataSource.getConnection()) {
            append(connection, event);
        } catch (SQLException e) {
            throw new OrgexportException("cannot append audit event " + event.action() + " for org " + event.orgId(), e);
        }
    }

    /**
     * Appends inside the caller's transaction. Text that PostgreSQL cannot store (NUL, unpaired
     * surrogates: a Kafka producer may put them in a task) is replaced by U+FFFD and the row is
     * flagged {@code text_sanitized}, so the append never fails on data.
     */
    public void append(Connection connection, AuditEvent event) throws SQLException {
        String placeholders = "?" + ", ?".repeat(22);
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO audit_event (" + INSERT_COLUMNS + ") VALUES (" + placeholders + ")")) {
            SafeStatement safe = new SafeStatement(statement);
            AuditEvent.Context c = event.context();
            statement.setObject(1, event.id());
            Sql.setInstant(statement, 2, event.eventDate());
            safe.setString(3, event.orgId());
            safe.setString(4, event.serviceName());
            safe.setString(5, event.level());
            safe.setString(6, event.action());
            safe.setString(7, event.entityType());
            safe.setString(8, event.entityId());
            safe.setString(9, event.entityName());
            safe.setString(10, event.status());
            safe.setString(11, event.messageCode());
            safe.setString(12, event.message());
            safe.setString(13, c.region());
            safe.setString(14, c.host());
            setInteger(statement, 15, c.httpStatus());
            safe.setString(16, c.errorCode());
            safe.setString(17, c.correlationId());
            safe.setString(18, c.failureKind());
            safe.setString(19, c.diagnosis());
            statement.setObject(20, c.runId());
            setInteger(statement, 21, c.attempt());
            safe.setString(22, c.workerId());
            statement.setBoolean(23, safe.replaced());
            statement.executeUpdate();
        }
    }

    /** Events at or after {@code since}, oldest first, optionally of one org, at most {@code limit}. */
    public List<AuditEvent> since(Instant since, String orgIdOrNull, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM audit_event WHERE event_date >= ?"
                + (orgIdOrNull == null ? "" : " AND org_id = ?") + " ORDER BY event_date, id LIMIT ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            Sql.setInstant(statement, index++, since);
            if (orgIdOrNull != null) {
                statement.setString(index++, orgIdOrNull);
            }
            statement.setInt(index, limit);
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(map(rows));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new OrgexportException("cannot read audit events since " + since, e);
        }
    }

    /** Binds text made safe, remembering whether any of it had to be. */
    private static final class SafeStatement {
        private final PreparedStatement statement;
        private boolean replaced;

        SafeStatement(PreparedStatement statement) {
            this.statement = statement;
        }

        void setString(int index, String value) throws SQLException {
            SafeText safe = SafeText.of(value);
            replaced |= safe.replaced();
            statement.setString(index, safe.text());
        }

        boolean replaced() {
            return replaced;
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    /** The event of the current row of a query that selected {@link #COLUMNS}. */
    public static AuditEvent map(ResultSet rows) throws SQLException {
        AuditEvent.Context context = new AuditEvent.Context(rows.getString("region"), rows.getString("host"),
                (Integer) rows.getObject("http_status"), rows.getString("error_code"), rows.getString("correlation_id"),
                rows.getString("failure_kind"), rows.getString("diagnosis"), rows.getObject("run_id", UUID.class),
                (Integer) rows.getObject("attempt"), rows.getString("worker_id"));
        return new AuditEvent(rows.getObject("id", UUID.class), Sql.getInstant(rows, "event_date"),
                rows.getString("org_id"), rows.getString("service_name"), rows.getString("level"),
                rows.getString("action"), rows.getString("entity_type"), rows.getString("entity_id"),
                rows.getString("entity_name"), rows.getString("status"), rows.getString("message_code"),
                rows.getString("message"), context);
    }
}
