package dev.orgexport.cli.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgexport.cli.CliRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Reads what a listing printed: the text table's cells, a JSON array's fields. */
final class ListingText {

    private ListingText() {
    }

    /** The text table of a successful command: header then rows, cells split at the 2+ spaces between columns. */
    static List<List<String>> table(CliRun.Result result) {
        assertThat(result.exitCode()).as(result.printed()).isZero();
        assertThat(result.err()).as(result.printed()).isEmpty();
        return result.out().lines().map(line -> List.of(line.split(" {2,}"))).toList();
    }

    /** The one row whose first cell is {@code first}. */
    static List<String> row(List<List<String>> table, String first) {
        List<List<String>> rows = table.stream().filter(r -> r.get(0).equals(first)).toList();
        assertThat(rows).as("rows starting with %s in %s", first, table).hasSize(1);
        return rows.get(0);
    }

    static List<String> column(List<List<String>> table, int index) {
        return table.stream().map(r -> r.get(index)).toList();
    }

    /** One field of every element of a JSON array, as text, in order. */
    static List<String> values(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.get(field).asText()).toList();
    }

    /** The elements of a JSON array by the text of one field. */
    static Map<String, JsonNode> byField(JsonNode array, String field) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        array.forEach(node -> map.put(node.get(field).asText(), node));
        return map;
    }
}
