package dev.orgexport.schema.task;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
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

    /**
     * The shared mapper, but strict about numbers: Jackson would otherwise read the string
     * {@code "\u0000"} (trimmed to empty) as attempt 0 and accept a poisoned task as valid.
     */
    private final ObjectMapper mapper = strict(Json.mapper().copy());

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }

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
        String controlled = fieldWithControlCharacter(tree, "");
        if (controlled != null) {
            // Jackson would trim a leading NUL off a UUID or an instant, and PostgreSQL cannot store
            // one: no field of a task has any business holding a control character.
            throw new InvalidTaskException(InvalidTaskException.Reason.INVALID_FIELD,
                    controlled + " contains a control character (NUL, CR, LF, ...)", null);
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

    /** The path of the first text field (or field name) holding a control character, or null. */
    private static String fieldWithControlCharacter(JsonNode node, String path) {
        if (node.isTextual()) {
            return hasControl(node.asText()) ? (path.isEmpty() ? "value" : path) : null;
        }
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (hasControl(field.getKey())) {
                    return "a field name";
                }
                String found = fieldWithControlCharacter(field.getValue(), name);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = fieldWithControlCharacter(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
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
