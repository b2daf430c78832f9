package dev.orgexport.schema.outbox;

import java.time.Instant;

/**
 * One unpublished row of the {@code outbox} table, as the relay reads it. The payload is the JSON
 * text as PostgreSQL stores it ({@code jsonb}): same content, keys possibly reordered.
 */
public record OutboxRecord(long id, String topic, String key, String jsonPayload, Instant createdAt) {
}
