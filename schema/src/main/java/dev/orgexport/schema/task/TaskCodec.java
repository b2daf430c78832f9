package dev.orgexport.schema.task;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.orgexport.schema.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes {@link ExportTask} records as the UTF-8 JSON bytes of a Kafka value.
 * Reading either returns a valid task or throws {@link InvalidTaskException} with a reason;
 * it never throws anything else, whatever the bytes. Thread-safe.
 */
public final class TaskCodec {

    private final ObjectMapper mapper = Json.mapper();

    public byte[] write(ExportTask task) {
        try {
            return mapper.writeValueAsBytes(task);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write task " + task.runId(), e);
        }
    }

    public ExportTask read(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidTaskException(InvalidTaskException.Reason.NOT_JSON, "record value is empty", null);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(value);
        } catch (IOException e) {
            throw new InvalidTaskException(InvalidTaskException.Reason.NOT_JSON,
                    "record value is not JSON: " + firstLine(e), null);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidTaskException(InvalidTaskException.Reason.NOT_JSON, "record value is not a JSON object", null);
        }
        JsonNode schema = tree.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new InvalidTaskException(InvalidTaskException.Reason.MISSING_FIELD, "schema is required", null);
        }
        if (!ExportTask.SCHEMA_V1.equals(schema.asText())) {
            throw new InvalidTaskException(InvalidTaskException.Reason.UNKNOWN_SCHEMA,
                    "unknown schema '" + truncate(schema.asText()) + "', this worker reads " + ExportTask.SCHEMA_V1, null);
        }
        try {
            return mapper.treeToValue(tree, ExportTask.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            InvalidTaskException.Reason reason = cause instanceof NullPointerException
                    ? InvalidTaskException.Reason.MISSING_FIELD : InvalidTaskException.Reason.INVALID_FIELD;
            throw new InvalidTaskException(reason, String.valueOf(cause.getMessage()), null);
        } catch (MismatchedInputException | IllegalArgumentException e) {
            throw new InvalidTaskException(InvalidTaskException.Reason.INVALID_FIELD, firstLine(e), null);
        } catch (JacksonException e) {
            throw new InvalidTaskException(InvalidTaskException.Reason.INVALID_FIELD, firstLine(e), null);
        }
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
        message = message == null ? e.getClass().getSimpleName() : message;
        int newline = message.indexOf('\n');
        return truncate(newline < 0 ? message : message.substring(0, newline));
    }

    private static String truncate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
