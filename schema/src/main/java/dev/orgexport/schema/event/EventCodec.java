package dev.orgexport.schema.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.schema.OrgexportException;
import dev.orgexport.schema.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes {@link ExportEvent} records as the UTF-8 JSON bytes of a Kafka value; the
 * {@code schema} field says which record it is. Thread-safe.
 */
public final class EventCodec {

    private final ObjectMapper mapper = Json.mapper();

    public byte[] write(ExportEvent event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write event " + event.type() + " of run " + event.runId(), e);
        }
    }

    /**
     * @throws OrgexportException when the bytes are not an event of a known schema version,
     *                            with the reason (never the bytes themselves)
     */
    public ExportEvent read(byte[] value) {
        JsonNode tree;
        try {
            tree = value == null ? null : mapper.readTree(value);
        } catch (IOException e) {
            throw new OrgexportException("event is not JSON", null);
        }
        if (tree == null || !tree.isObject()) {
            throw new OrgexportException("event is not a JSON object");
        }
        String schema = tree.path("schema").asText("");
        Class<? extends ExportEvent> type = switch (schema) {
            case ExportSucceeded.SCHEMA_V1 -> ExportSucceeded.class;
            case ExportFailed.SCHEMA_V1 -> ExportFailed.class;
            default -> throw new OrgexportException("unknown event schema '"
                    + (schema.length() > 100 ? schema.substring(0, 100) + "..." : schema) + "'");
        };
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new OrgexportException("invalid " + schema + " event: " + e.getClass().getSimpleName(), e);
        }
    }
}
