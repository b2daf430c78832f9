package dev.orgexport.cli.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A parser of the PromQL subset that dashboards and alert rules use (no Java PromQL parser is
 * worth a dependency): numbers, strings, vector selectors with label matchers and range
 * durations, function calls, aggregations with {@code by}/{@code without} before or after their
 * argument, parentheses, unary minus, and the binary operators (with {@code bool}). It rejects
 * what it does not understand, with the position, so a typo fails the test instead of passing.
 *
 * <p>What it yields: every metric name, with the label names it is matched on and the label names
 * aggregations group it by, so a test can check both against a live scrape. Regular expressions of
 * {@code =~}/{@code !~} must compile (Java's syntax accepts the RE2 subset used here).
 */
final class PromQl {

    static final Set<String> FUNCTIONS = Set.of("rate", "irate", "increase", "delta", "idelta", "deriv", "abs", "ceil",
            "floor", "round", "clamp_min", "clamp_max", "histogram_quantile", "avg_over_time", "max_over_time",
            "min_over_time", "sum_over_time", "count_over_time", "last_over_time", "absent", "absent_over_time",
            "changes", "resets", "time", "timestamp", "vector", "scalar", "label_replace", "sort", "sort_desc");
    static final Set<String> AGGREGATIONS = Set.of("sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk",
            "bottomk", "quantile", "group", "count_values");
    private static final Set<String> BINARY = Set.of("+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=",
            "and", "or", "unless");
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(?<num>\\d++(?:\\.\\d+)?+(?![a-zA-Z_]))|(?<dur>\\d+(?:ms|s|m|h|d|w|y))|(?<id>[a-zA-Z_:][a-zA-Z0-9_:]*)"
                    + "|(?<str>\"(?:[^\"\\\\]|\\\\.)*\")|(?<op>==|!=|>=|<=|=~|!~|[-+*/%^<>=(){}\\[\\],]))");

    /** The metrics of one expression: label names matched on, label names grouped by. */
    record Result(Map<String, Set<String>> matchedLabels, Map<String, Set<String>> groupedBy) {
        Set<String> metrics() {
            return matchedLabels.keySet();
        }
    }

    private final String text;
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();
    private int next;
    private final Map<String, Set<String>> matched = new LinkedHashMap<>();
    private final Map<String, Set<String>> grouped = new LinkedHashMap<>();

    private PromQl(String text) {
        this.text = text;
        Matcher m = TOKEN.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (text.substring(at).isBlank()) {
                break;
            }
            if (!m.find(at) || m.start() != at) {
                throw error("unexpected character", at);
            }
            String token = m.group().strip();
            tokens.add(token);
            positions.add(m.start() + m.group().indexOf(token));
            at = m.end();
        }
    }

    /** Parses one expression; throws {@link IllegalArgumentException} naming the position of the first problem. */
    static Result parse(String expression) {
        PromQl parser = new PromQl(expression);
        parser.expression();
        if (parser.next != parser.tokens.size()) {
            throw parser.error("unexpected '" + parser.peek() + "'", parser.positions.get(parser.next));
        }
        if (parser.matched.isEmpty()) {
            throw new IllegalArgumentException("no metric in '" + expression + "'");
        }
        return new Result(parser.matched, parser.grouped);
    }

    /** expression := unary (binary-operator ['bool'] unary)* ; returns the metrics it selects. */
    private Set<String> expression() {
        Set<String> metrics = new LinkedHashSet<>(unary());
        while (next < tokens.size() && BINARY.contains(peek())) {
            next++;
            if ("bool".equals(peekOrNull())) {
                next++;
            }
            metrics.addAll(unary());
        }
        return metrics;
    }

    private Set<String> unary() {
        if ("-".equals(peekOrNull()) || "+".equals(peekOrNull())) {
            next++;
        }
        return primary();
    }

    private Set<String> primary() {
        String token = take("an expression");
        if (token.matches("\\d+(\\.\\d+)?") || token.startsWith("\"")) {
            return Set.of();
        }
        if (token.equals("(")) {
            Set<String> inner = expression();
            expect(")");
            return inner;
        }
        if (AGGREGATIONS.contains(token)) {
            return aggregation();
        }
        if (FUNCTIONS.contains(token)) {
            expect("(");
            Set<String> metrics = new LinkedHashSet<>();
            if (!")".equals(peekOrNull())) {
                metrics.addAll(expression());
                while (",".equals(peekOrNull())) {
                    next++;
                    metrics.addAll(expression());
                }
            }
            expect(")");
            return metrics;
        }
        if (token.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            if ("(".equals(peekOrNull())) {
                throw error("unknown function '" + token + "'", positions.get(next - 1));
            }
            Set<String> labels = matched.computeIfAbsent(token, k -> new LinkedHashSet<>());
            if ("{".equals(peekOrNull())) {
                next++;
                matchers(labels);
            }
            if ("[".equals(peekOrNull())) {
                next++;
                String duration = take("a duration");
                if (!duration.matches("\\d+(ms|s|m|h|d|w|y)")) {
                    throw error("'" + duration + "' is not a duration", positions.get(next - 1));
                }
                expect("]");
            }
            return Set.of(token);
        }
        throw error("unexpected '" + token + "'", positions.get(next - 1));
    }

    private Set<String> aggregation() {
        Set<String> groupLabels = new LinkedHashSet<>();
        if ("by".equals(peekOrNull()) || "without".equals(peekOrNull())) {
            next++;
            groupLabels.addAll(labelList());
        }
        expect("(");
        Set<String> metrics = new LinkedHashSet<>(expression());
        if (",".equals(peekOrNull())) {
            next++;
            metrics = new LinkedHashSet<>(expression());
        }
        expect(")");
        if ("by".equals(peekOrNull()) || "without".equals(peekOrNull())) {
            next++;
            groupLabels.addAll(labelList());
        }
        for (String metric : metrics) {
            grouped.computeIfAbsent(metric, k -> new LinkedHashSet<>()).addAll(groupLabels);
        }
        return metrics;
    }

    private List<String> labelList() {
        expect("(");
        List<String> labels = new ArrayList<>();
        while (!")".equals(peekOrNull())) {
            String label = take("a label name");
            if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw error("'" + label + "' is not a label name", positions.get(next - 1));
            }
            labels.add(label);
            if (",".equals(peekOrNull())) {
                next++;
            }
        }
        expect(")");
        return labels;
    }

    private void matchers(Set<String> labels) {
        while (!"}".equals(peekOrNull())) {
            String label = take("a label name");
            if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw error("'" + label + "' is not a label name", positions.get(next - 1));
            }
            String op = take("a matcher operator");
            if (!Set.of("=", "!=", "=~", "!~").contains(op)) {
                throw error("'" + op + "' is not a label matcher operator", positions.get(next - 1));
            }
            String value = take("a quoted value");
            if (!value.startsWith("\"")) {
                throw error("label values are quoted, but was " + value, positions.get(next - 1));
            }
            if (op.endsWith("~")) {
                try {
                    Pattern.compile(value.substring(1, value.length() - 1));
                } catch (PatternSyntaxException e) {
                    throw error("bad regular expression " + value + ": " + e.getDescription(), positions.get(next - 1));
                }
            }
            labels.add(label);
            if (",".equals(peekOrNull())) {
                next++;
            }
        }
        expect("}");
    }

    private String peek() {
        return tokens.get(next);
    }

    private String peekOrNull() {
        return next < tokens.size() ? tokens.get(next) : null;
    }

    private String take(String what) {
        if (next >= tokens.size()) {
            throw error("expected " + what + " at the end", text.length());
        }
        return tokens.get(next++);
    }

    private void expect(String token) {
        String found = take("'" + token + "'");
        if (!found.equals(token)) {
            throw error("expected '" + token + "' but found '" + found + "'", positions.get(next - 1));
        }
    }

    private IllegalArgumentException error(String problem, int position) {
        return new IllegalArgumentException(problem + " at " + position + " in: " + text);
    }
}
