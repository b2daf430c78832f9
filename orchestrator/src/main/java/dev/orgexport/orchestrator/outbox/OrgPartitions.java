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
 * Chooses the partition of outbox records keyed by an org id: position {@code partition_slot % P}
 * of {@link #spreadOrder(int) the spread order} of the topic's P partitions, where the slot is the
 * org's (V6, handed out in turn as orgs are added) and P is the topic's actual partition count as
 * the producer's metadata reports it, not the configured one. Orgs thus spread evenly over
 * partitions (counts differ by at most 1), and all records of one org go to one partition, so one
 * worker at a time exports an org (one token per org).
 *
 * <p>Records whose key is not a known org keep Kafka's default partitioning (hash of the key).
 */
final class OrgPartitions {

    private final Map<String, Integer> slots;
    private final Map<String, int[]> orders = new HashMap<>();
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
        int[] order = orders.computeIfAbsent(record.topic(), topic -> spreadOrder(partitionCount.applyAsInt(topic)));
        return order.length > 0 ? order[slot % order.length] : null;
    }

    /**
     * The partitions 0..P-1 in bit-reversed order (for 12: 0, 6, 3, 9, 1, 7, 4, 10, 2, 8, 5, 11),
     * so that when there are fewer orgs than a multiple of P, the partitions holding one org more
     * are spread over the whole range rather than being the lowest ones. Kafka's default (range)
     * assignment gives each consumer a contiguous block of partitions; with plain {@code slot % P},
     * 20 orgs on 12 partitions would give one of two workers 12 orgs and the other 8.
     */
    static int[] spreadOrder(int partitions) {
        if (partitions <= 0) {
            return new int[0];
        }
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, partitions - 1));
        int size = 1 << bits;
        boolean[] taken = new boolean[partitions];
        int[] order = new int[partitions];
        int next = 0;
        for (int k = 0; k < size && next < partitions; k++) {
            int reversed = bits == 0 ? 0 : Integer.reverse(k) >>> (32 - bits);
            int partition = (int) ((long) reversed * partitions / size);
            if (!taken[partition]) {
                taken[partition] = true;
                order[next++] = partition;
            }
        }
        for (int partition = 0; partition < partitions && next < partitions; partition++) {
            if (!taken[partition]) {
                order[next++] = partition;
            }
        }
        return order;
    }
}
