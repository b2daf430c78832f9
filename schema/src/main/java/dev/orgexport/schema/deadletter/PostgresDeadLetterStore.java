package dev.orgexport.schema.deadletter;

import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.SafeText;
import dev.orgexport.schema.db.Sql;
import dev.orgexport.schema.OrgexportException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@code dead_letter} table: one row per dead-lettered source record, so a record delivered
 * again (a crash before its offset commit, a rebalance, another worker) is dead-lettered and
 * audited once. The row and its {@code RejectTask} audit row are written in one transaction;
 * {@link #markPublished} records that the DLQ topic has its copy. Text is made safe for
 * PostgreSQL ({@link SafeText}) and the row flagged when it had to be. Thread-safe.
 */
public class PostgresDeadLetterStore {

    /** What {@link #record} found. */
    public enum Recorded {
        /** First time: the row and the audit row were written now; the DLQ copy is still to be sent. */
        NEW,
        /** Recorded before, but its DLQ copy was never acknowledged: send it (again). */
        UNPUBLISHED,
        /** Recorded and published before: nothing more to do. */
        DONE;

        public boolean needsPublish() {
            return this != DONE;
        }
    }

    private final DataSource dataSource;
    private final PostgresAuditStore audit;

    public PostgresDeadLetterStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.audit = new PostgresAuditStore(dataSource);
    }

    /** Writes the letter and, when it is new, its audit row, in one transaction. */
    public Recorded record(DeadLetter letter, AuditEvent auditRow) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Recorded recorded = insert(connection, letter);
                if (recorded == Recorded.NEW) {
                    audit.append(connection, auditRow);
                }
                connection.commit();
                return recorded;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DeadLetterStoreException("cannot record dead letter " + letter.source(), e);
        }
    }

    private static Recorded insert(Connection connection, DeadLetter letter) throws SQLException {
        SafeText reason = SafeText.of(letter.reason());
        SafeText message = SafeText.of(letter.message());
        SafeText orgId = SafeText.of(letter.orgId());
        SafeText topic = SafeText.of(letter.topic());
        boolean sanitized = reason.replaced() || message.replaced() || orgId.replaced() || topic.replaced();
        String sql = "INSERT INTO dead_letter (source_topic, source_partition, source_offset, reason, message, org_id, "
                + "run_id, value_size, value_sha256, value_truncated, text_sanitized, worker_id, rejected_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, topic.text());
            statement.setInt(2, letter.partition());
            statement.setLong(3, letter.offset());
            statement.setString(4, reason.text());
            statement.setString(5, message.text());
            statement.setString(6, orgId.text());
            statement.setObject(7, letter.runId());
            statement.setInt(8, letter.valueSize());
            statement.setString(9, letter.valueSha256());
            statement.setBoolean(10, letter.valueTruncated());
            statement.setBoolean(11, sanitized);
            statement.setString(12, SafeText.clean(letter.workerId()));
            Sql.setInstant(statement, 13, letter.rejectedAt());
            if (statement.executeUpdate() == 1) {
                return Recorded.NEW;
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT published_at FROM dead_letter "
                + "WHERE source_topic = ? AND source_partition = ? AND source_offset = ?")) {
            statement.setString(1, topic.text());
            statement.setInt(2, letter.partition());
            statement.setLong(3, letter.offset());
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("dead letter " + letter.source()
                            + " neither inserted nor found; should never happen since its key conflicted");
                }
                return Sql.getInstant(rows, "published_at") == null ? Recorded.UNPUBLISHED : Recorded.DONE;
            }
        }
    }

    /** Records that the DLQ topic acknowledged the copy of the letter. */
    public void markPublished(DeadLetter letter, Instant at) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE dead_letter SET published_at = ? "
                     + "WHERE source_topic = ? AND source_partition = ? AND source_offset = ? AND published_at IS NULL")) {
            Sql.setInstant(statement, 1, at);
            statement.setString(2, SafeText.clean(letter.topic()));
            statement.setInt(3, letter.partition());
            statement.setLong(4, letter.offset());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DeadLetterStoreException("cannot mark dead letter " + letter.source() + " published", e);
        }
    }

    /** Thrown when PostgreSQL cannot be read or written. */
    public static final class DeadLetterStoreException extends OrgexportException {
        DeadLetterStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
