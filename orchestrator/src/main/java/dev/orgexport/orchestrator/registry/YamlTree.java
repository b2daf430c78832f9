package dev.orgexport.orchestrator.registry;

import com.fasterxml.jackson.core.JsonToken;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A YAML document as a tree whose every node knows its line, built from SnakeYAML's event stream
 * (its own node graph forgets where an alias was used). Anchors ({@code &std}), aliases
 * ({@code *std}) and merge keys ({@code <<: *defaults}, {@code <<: [*a, *b]}) work as YAML 1.1
 * says: an alias is a copy of the anchored value, and a merge adds the keys that the mapping does
 * not give itself. A value that came through an alias carries the alias' line and column (where
 * the operator used it) and says which anchor it came from, so a mistake inside a shared block is
 * reported where it takes effect. A key given twice in one mapping is kept once and reported.
 *
 * <p>Limits: 3 Mi code points of input, nesting 1,000 deep, and at most {@link #MAX_NODES} values
 * after aliases are expanded (so a chain of aliases cannot blow up memory).
 */
final class YamlTree {

    static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    static final int MAX_DEPTH = 1_000;
    static final int MAX_NODES = 200_000;
    private static final String MERGE_KEY = "<<";

    private YamlTree() {
    }

    /** A node, where it starts (1-based line and column), and the alias it came through, if any. */
    sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();

        int column();

        /** Null, or "from *std (anchored on line 12)" when this value came through an alias or a merge. */
        String via();

        /** What kind of value this is, for messages: "a mapping", "a list", "a number"... */
        String describe();
    }

    /** A mapping; entries keep the file's order and remember the line of their key. */
    record MapNode(int line, int column, Map<String, Entry> entries, String via) implements Node {
        public String describe() {
            return "a mapping";
        }
    }

    record Entry(String key, int line, int column, Node value, String via) {
    }

    record ListNode(int line, int column, List<Node> items, String via) implements Node {
        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code token} tells a string from a number, a boolean or null. */
    record ScalarNode(int line, int column, JsonToken token, String text, String via) implements Node {
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

    /** A document that is not YAML (or exceeds a limit); the line and column say where. */
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
     * Reads the first document.
     *
     * @param errors receives an error for every key given twice in one mapping and every bad merge
     * @return the root node, or null for an empty document
     */
    static Node read(Reader reader, List<RegistryError> errors) throws SyntaxException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(true); // reported by us, with both lines
        try {
            Builder builder = new Builder(new ParserImpl(new StreamReader(reader), options), errors);
            return builder.document();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new SyntaxException(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "not valid YAML: " + firstLine(problem));
        } catch (YAMLException e) {
            throw new SyntaxException(0, 0, "not valid YAML: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Builds nodes from events, keeping anchored nodes for later aliases. Single use. */
    private static final class Builder {
        private final Parser parser;
        private final List<RegistryError> errors;
        private final Resolver resolver = new Resolver();
        private final Map<String, Node> anchors = new HashMap<>();
        private int nodes;

        Builder(Parser parser, List<RegistryError> errors) {
            this.parser = parser;
            this.errors = errors;
        }

        Node document() throws SyntaxException {
            parser.getEvent(); // stream start
            if (parser.checkEvent(Event.ID.StreamEnd)) {
                return null;
            }
            parser.getEvent(); // document start
            Node root = node("", 0);
            // Later documents are ignored, as they were with the previous parser.
            return root;
        }

        private Node node(String path, int depth) throws SyntaxException {
            Event event = parser.getEvent();
            Mark start = event.getStartMark();
            int line = start.getLine() + 1;
            int column = start.getColumn() + 1;
            if (depth > MAX_DEPTH) {
                throw new SyntaxException(line, column, "nesting is deeper than " + MAX_DEPTH + " levels");
            }
            count(line, column);
            Node built;
            if (event instanceof AliasEvent alias) {
                Node anchored = anchors.get(alias.getAnchor());
                if (anchored == null) {
                    throw new SyntaxException(line, column, "not valid YAML: alias *" + alias.getAnchor()
                            + " has no anchor &" + alias.getAnchor() + " before it");
                }
                return relocate(anchored, line, column, "from *" + alias.getAnchor() + " (anchored on line "
                        + anchored.line() + ")");
            } else if (event instanceof ScalarEvent scalar) {
                built = scalar(scalar, line, column);
            } else if (event.is(Event.ID.SequenceStart)) {
                List<Node> items = new ArrayList<>();
                int index = 0;
                while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                    items.add(node(path + "[" + index++ + "]", depth + 1));
                }
                parser.getEvent();
                built = new ListNode(line, column, items, null);
            } else if (event.is(Event.ID.MappingStart)) {
                built = mapping(path, depth, line, column);
            } else {
                throw new SyntaxException(line, column, "not valid YAML: unexpected " + event.getEventId());
            }
            String anchor = event instanceof NodeEvent nodeEvent ? nodeEvent.getAnchor() : null;
            if (anchor != null) {
                anchors.put(anchor, built);
            }
            return built;
        }

        private MapNode mapping(String path, int depth, int line, int column) throws SyntaxException {
            Map<String, Entry> entries = new LinkedHashMap<>();
            List<Node> merges = new ArrayList<>();
            while (!parser.checkEvent(Event.ID.MappingEnd)) {
                // Only a plain, untagged '<<' is a merge key; a quoted one is the text "<<".
                boolean merge = parser.peekEvent() instanceof ScalarEvent keyEvent && keyEvent.isPlain()
                        && keyEvent.getTag() == null && MERGE_KEY.equals(keyEvent.getValue());
                Node keyNode = node(path, depth + 1);
                String key = keyNode instanceof ScalarNode scalar && !scalar.isNull() ? scalar.text() : null;
                String childPath = key == null ? path : path.isEmpty() ? key : path + "." + key;
                Node value = node(childPath, depth + 1);
                if (merge) {
                    merges.add(value);
                    continue;
                }
                if (key == null) {
                    errors.add(new RegistryError(keyNode.line(), keyNode.column(), path, "keys must be text, but this "
                            + "one is " + keyNode.describe()));
                    continue;
                }
                Entry entry = new Entry(key, keyNode.line(), keyNode.column(), value, keyNode.via());
                Entry first = entries.putIfAbsent(key, entry);
                if (first != null) {
                    errors.add(new RegistryError(entry.line(), entry.column(), childPath,
                            "'" + key + "' is given twice (first on line " + first.line() + ")"));
                }
            }
            parser.getEvent();
            for (Node source : merges) {
                merge(entries, source, path);
            }
            return new MapNode(line, column, entries, null);
        }

        /** YAML merge: keys of {@code source} (a mapping or a list of them) that {@code entries} lacks. */
        private void merge(Map<String, Entry> entries, Node source, String path) {
            if (source instanceof MapNode map) {
                for (Entry entry : map.entries().values()) {
                    entries.putIfAbsent(entry.key(), entry);
                }
            } else if (source instanceof ListNode list) {
                for (Node item : list.items()) {
                    if (item instanceof MapNode) {
                        merge(entries, item, path);
                    } else {
                        errors.add(new RegistryError(item.line(), item.column(), path, "'<<' merges mappings, but this "
                                + "item is " + item.describe() + suffix(item.via())));
                    }
                }
            } else {
                errors.add(new RegistryError(source.line(), source.column(), path, "'<<' merges a mapping or a list of "
                        + "mappings (such as *defaults), but is " + source.describe() + suffix(source.via())));
            }
        }

        private ScalarNode scalar(ScalarEvent event, int line, int column) {
            String value = event.getValue();
            Tag tag;
            if (event.getTag() != null && !"!".equals(event.getTag())) {
                tag = new Tag(event.getTag());
            } else if (event.isPlain()) {
                tag = resolver.resolve(NodeId.scalar, value, event.getImplicit().canOmitTagInPlainScalar());
            } else {
                tag = Tag.STR;
            }
            JsonToken token;
            if (Tag.NULL.equals(tag)) {
                token = JsonToken.VALUE_NULL;
            } else if (Tag.BOOL.equals(tag)) {
                token = BOOLEAN_TRUE.contains(value.toLowerCase(Locale.ROOT))
                        ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE;
                value = token == JsonToken.VALUE_TRUE ? "true" : "false";
            } else if (Tag.INT.equals(tag)) {
                token = JsonToken.VALUE_NUMBER_INT;
            } else if (Tag.FLOAT.equals(tag)) {
                token = JsonToken.VALUE_NUMBER_FLOAT;
            } else {
                // str, timestamp, merge ('<<' read as text) and unknown tags are text.
                token = JsonToken.VALUE_STRING;
            }
            return new ScalarNode(line, column, token, token == JsonToken.VALUE_NULL ? null : value, null);
        }

        /** A copy of an anchored node, placed where the alias is used and saying where it came from. */
        private Node relocate(Node node, int line, int column, String via) throws SyntaxException {
            count(line, column);
            String keptVia = node.via() != null ? node.via() : via;
            if (node instanceof ScalarNode scalar) {
                return new ScalarNode(line, column, scalar.token(), scalar.text(), keptVia);
            }
            if (node instanceof ListNode list) {
                List<Node> items = new ArrayList<>(list.items().size());
                for (Node item : list.items()) {
                    items.add(relocate(item, line, column, via));
                }
                return new ListNode(line, column, items, keptVia);
            }
            MapNode map = (MapNode) node;
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Entry entry : map.entries().values()) {
                entries.put(entry.key(), new Entry(entry.key(), line, column, relocate(entry.value(), line, column, via),
                        entry.via() != null ? entry.via() : via));
            }
            return new MapNode(line, column, entries, keptVia);
        }

        private void count(int line, int column) throws SyntaxException {
            if (++nodes > MAX_NODES) {
                throw new SyntaxException(line, column, "more than " + MAX_NODES
                        + " values once aliases are expanded; share less through aliases or split the file");
            }
        }

        private static String suffix(String via) {
            return via == null ? "" : " (" + via + ")";
        }

        private static final Set<String> BOOLEAN_TRUE = Set.of("true", "yes", "y", "on");
    }
}
