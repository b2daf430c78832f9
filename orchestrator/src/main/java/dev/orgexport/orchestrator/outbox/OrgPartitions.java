package dev.orgexport.orchestrator.outbox;

import dev.orgexport.schema.outbox.OutboxRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Chooses the partition of outbox records keyed by an org id: {@code partition_slot % partitions},
 * where the slot is the org's (V6, handed out in turn as orgs are added) and partitions is the
 * topic's actual partition count as the producer's metadata reports it, not the configured one.
 * Orgs thus spread evenly over partitions, and all records of one org go to one partition, so one
 * worker at a time exports an org (one token per org).
 *
 * <p>Records whose key is not a known org keep Kafka's default partitioning (hash of the key).
 */
final class OrgPartitions {

    private final Map<String, Integer> slots;
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    private final ToIntFunction<String> partitionCount;

    private OrgPartitions(Map<String, Integer> slots, ToIntFunction<String> partitionCount) {
        this.slots = slots;
        this.partitionCount = partitionCount;
    }

    /**
     * Reads the slots of the orgs named as keys in {@code records}.
     *
     * @param partitionCount a topic's partition count; asked once per topic for this batch
     */
    static OrgPartitions forBatch(Connection connection, List<OutboxRecord> records,
                                  ToIntFunction<String> partitionCount) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        for (OutboxRecord record : records) {
            if (record.key() != null) {
                keys.add(record.key());
            }
        }
        Map<String, Integer> slots = new HashMap<>();
        if (!keys.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, partition_slot FROM org WHERE id = ANY (?)")) {
                Array ids = connection.createArrayOf("text", keys.toArray());
                statement.setArray(1, ids);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        slots.put(rows.getString(1), rows.getInt(2));
                    }
                }
            }
        }
        return new OrgPartitions(slots, partitionCount);
    }

    /** The partition for {@code record}, or null to let the producer hash the key. */
    Integer partitionOf(OutboxRecord record) {
        Integer slot = record.key() == null ? null : slots.get(record.key());
        if (slot == null) {
            return null;
        }
        int partitions = partitionCounts.computeIfAbsent(record.topic(), partitionCount::applyAsInt);
        return partitions > 0 ? slot % partitions : null;
    }
}
