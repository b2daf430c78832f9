package dev.orgexport.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orgexport.schema.json.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Prints a list of rows either as an aligned text table or, with {@code --json}, as a JSON
 * array of the row records (field names as in the records, instants as ISO-8601).
 */
public final class Listing<T> {

    private record Column<T>(String header, Function<T, Object> value) {
    }

    private final List<Column<T>> columns = new ArrayList<>();

    public Listing<T> column(String header, Function<T, Object> value) {
        columns.add(new Column<>(header, value));
        return this;
    }

    public void print(PrintWriter out, List<T> rows, boolean json) {
        if (json) {
            try {
                out.println(Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            printTable(out, rows);
        }
        out.flush();
    }

    private void printTable(PrintWriter out, List<T> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (T row : rows) {
            cells.add(columns.stream().map(c -> text(c.value().apply(row))).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s  ", line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
        if (rows.isEmpty()) {
            out.println("(none)");
        }
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
