package dev.orgexport.schema.outbox;

import java.util.Objects;

/**
 * A Kafka record to publish: topic, key and a JSON value. Written to the outbox in the same
 * transaction as the rows it announces. Never holds a secret or a token.
 */
public record OutboxMessage(String topic, String key, String jsonPayload) {

    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(jsonPayload, "jsonPayload");
    }
}
