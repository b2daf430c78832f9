package dev.orgexport.schema.deadletter;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One dead-lettered task record, keyed by where it was read: (topic, partition, offset). Holds the
 * facts of the record's value (size and SHA-256 of the original bytes, whether the DLQ copy was
 * truncated), never the bytes themselves.
 *
 * @param orgId  the org the record names, or null when unreadable
 * @param runId  the run the record names, or null when unreadable
 */
public record DeadLetter(String topic, int partition, long offset, String reason, String message, String orgId,
                         UUID runId, int valueSize, String valueSha256, boolean valueTruncated, String workerId,
                         Instant rejectedAt) {

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(valueSha256, "valueSha256");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
    }

    /** {@code topic-partition@offset}, the form used in headers, audit rows and logs. */
    public String source() {
        return topic + "-" + partition + "@" + offset;
    }
}
