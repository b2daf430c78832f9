package dev.orgexport.schema.outbox;

import dev.orgexport.schema.db.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The transactional {@code outbox} table: writers {@link #append} inside the transaction of the
 * rows they announce; one relay at a time (see {@link #tryLockRelay}) reads the unpublished rows
 * in id order and marks them published once Kafka acknowledged them.
 *
 * <p>Rows are never skipped: the relay always reads the oldest unpublished rows, so a row whose
 * transaction commits after a younger row was published is still picked up by the next batch.
 * Thread-safe; methods taking a {@link Connection} run inside the caller's transaction.
 */
public class PostgresOutboxStore {

    /** The advisory lock key that makes one relay publish at a time across all instances. */
    static final long RELAY_LOCK_KEY = 0x6f72676578706f72L; // "orgexpor"

    protected final DataSource dataSource;

    public PostgresOutboxStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends the messages in one statement, in list order, so their ids follow that order. */
    public void append(Connection connection, List<OutboxMessage> messages, Instant now) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        int size = messages.size();
        String[] topics = new String[size];
        String[] keys = new String[size];
        String[] payloads = new String[size];
        for (int i = 0; i < size; i++) {
            topics[i] = messages.get(i).topic();
            keys[i] = messages.get(i).key();
            payloads[i] = messages.get(i).jsonPayload();
        }
        // ORDER BY the ordinality: identity values are drawn in insertion order.
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO outbox (topic, record_key, payload, created_at) "
                        + "SELECT t.topic, t.record_key, t.payload::jsonb, ? "
                        + "FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS t(topic, record_key, payload, n) "
                        + "ORDER BY t.n")) {
            Sql.setInstant(statement, 1, now);
            statement.setArray(2, connection.createArrayOf("text", topics));
            statement.setArray(3, connection.createArrayOf("text", keys));
            statement.setArray(4, connection.createArrayOf("text", payloads));
            int inserted = statement.executeUpdate();
            if (inserted != size) {
                throw new IllegalStateException("outbox insert wrote " + inserted + " rows for " + size + " messages");
            }
        }
    }

    /**
     * Takes the relay lock for the caller's transaction, without waiting.
     *
     * @return false when another relay holds it: that relay is publishing, this one should not,
     *         or the two would publish the same rows and lose their order
     */
    public boolean tryLockRelay(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            statement.setLong(1, RELAY_LOCK_KEY);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /** The oldest unpublished rows, in id order, at most {@code limit}. */
    public List<OutboxRecord> unpublished(Connection connection, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, topic, record_key, payload::text AS payload, created_at FROM outbox "
                        + "WHERE published_at IS NULL ORDER BY id LIMIT ?")) {
            statement.setInt(1, limit);
            List<OutboxRecord> records = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(new OutboxRecord(rows.getLong("id"), rows.getString("topic"),
                            rows.getString("record_key"), rows.getString("payload"), Sql.getInstant(rows, "created_at")));
                }
            }
            return records;
        }
    }

    /** Marks the rows published; returns how many were unpublished until now. */
    public int markPublished(Connection connection, List<Long> ids, Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE outbox SET published_at = ? WHERE id = ANY (?) AND published_at IS NULL")) {
            Array array = connection.createArrayOf("bigint", ids.toArray(new Long[0]));
            Sql.setInstant(statement, 1, now);
            statement.setArray(2, array);
            return statement.executeUpdate();
        }
    }

    /** How many rows wait to be published. */
    public long backlog() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM outbox WHERE published_at IS NULL");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new OutboxStoreException("cannot count unpublished outbox rows", e);
        }
    }

    /** Deletes up to {@code limit} rows published before {@code before}; returns how many. */
    public int deletePublishedBefore(Connection connection, Instant before, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE published_at < ? ORDER BY published_at LIMIT ?)")) {
            Sql.setInstant(statement, 1, before);
            statement.setInt(2, limit);
            return statement.executeUpdate();
        }
    }
}
