package dev.orgexport.orchestrator.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node knows its line, read token by token from Jackson's
 * YAML parser (Jackson's own trees forget where a value came from). A key given twice in one
 * mapping is kept once and reported, since YAML leaves its meaning undefined.
 */
final class YamlTree {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTree() {
    }

    /** A node and where it starts (1-based line and column). */
    sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();

        int column();

        /** What kind of value this is, for messages: "a mapping", "a list", "a number"... */
        String describe();
    }

    /** A mapping; entries keep the file's order and remember the line of their key. */
    record MapNode(int line, int column, Map<String, Entry> entries) implements Node {
        public String describe() {
            return "a mapping";
        }
    }

    record Entry(String key, int line, int column, Node value) {
    }

    record ListNode(int line, int column, List<Node> items) implements Node {
        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code token} tells a string from a number, a boolean or null. */
    record ScalarNode(int line, int column, JsonToken token, String text) implements Node {
        public String describe() {
            return switch (token) {
                case VALUE_STRING -> "text";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "empty";
                default -> "a value";
            };
        }

        boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /** A document that is not YAML; the line and column say where the parser gave up. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxException(int line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    /**
     * Reads one document.
     *
     * @param duplicates receives an error for every key given twice in one mapping
     * @return the root node, or null for an empty document
     */
    static Node read(Reader reader, List<RegistryError> duplicates) throws IOException, SyntaxException {
        try (JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            return node(parser, "", duplicates);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            int newline = message.indexOf('\n');
            throw new SyntaxException(location == null ? 0 : location.getLineNr(),
                    location == null ? 0 : location.getColumnNr(),
                    "not valid YAML: " + (newline < 0 ? message : message.substring(0, newline)));
        }
    }

    private static Node node(JsonParser parser, String path, List<RegistryError> duplicates) throws IOException {
        JsonLocation location = parser.currentTokenLocation();
        int line = location.getLineNr();
        int column = location.getColumnNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    JsonLocation keyLocation = parser.currentTokenLocation();
                    parser.nextToken();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    Node value = node(parser, childPath, duplicates);
                    Entry entry = new Entry(key, keyLocation.getLineNr(), keyLocation.getColumnNr(), value);
                    Entry first = entries.putIfAbsent(key, entry);
                    if (first != null) {
                        duplicates.add(new RegistryError(entry.line(), entry.column(), childPath,
                                "'" + key + "' is given twice (first on line " + first.line() + ")"));
                    }
                }
                return new MapNode(line, column, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(parser, path + "[" + index++ + "]", duplicates));
                }
                return new ListNode(line, column, items);
            }
            default -> {
                return new ScalarNode(line, column, token, token == JsonToken.VALUE_NULL ? null : parser.getText());
            }
        }
    }
}
