package dev.orgexport.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The catalogue, the README's configuration table and the modules' READMEs say the same thing:
 * every key with its default, variable and meaning. On a mismatch the failure prints the table
 * as the catalogue would write it.
 */
class ConfigurationCatalogueTest {

    static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()));

    private static final Pattern ROW = Pattern.compile(
            "(?m)^\\| `([a-z0-9.*-]+)` \\| ([^|]*) \\| `(ORGEXPORT_[A-Z0-9_*]+)` \\| (.*) \\|$");
    private static final String PASSTHROUGH_ROW = "| `kafka.properties.*` | (none) | `ORGEXPORT_KAFKA_PROPERTIES_*` | "
            + "Any Kafka client property, passed to every producer, consumer and admin client (see Kafka security below). "
            + "sasl.jaas.config, *.password and *.secret must be references (env:NAME, file:/path). |";

    @Test
    void the_readme_table_lists_every_key_with_its_default_variable_and_meaning() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher rows = ROW.matcher(readme);
        while (rows.find()) {
            documented.put(rows.group(1), rows.group(0));
        }

        Map<String, String> declared = new LinkedHashMap<>();
        Catalogue.all().forEach(key -> declared.put(key.name(), row(key)));
        declared.put("kafka.properties.*", PASSTHROUGH_ROW);

        assertThat(documented).as("README.md's configuration table must be, in any order:%n%s", table())
                .containsExactlyInAnyOrderEntriesOf(declared);
    }

    @Test
    void every_key_a_module_readme_documents_is_in_the_catalogue_with_the_same_default() throws IOException {
        Pattern moduleRow = Pattern.compile("(?m)^\\| `([a-z][a-z0-9.*-]+)` \\| `?([^|`]*)`? \\|");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String module : List.of("platform", "worker", "orchestrator")) {
            String readme = Files.readString(ROOT.resolve(module).resolve("README.md"));
            Matcher rows = moduleRow.matcher(readme);
            while (rows.find()) {
                String name = rows.group(1);
                if (!name.contains(".")) {
                    continue;
                }
                checked++;
                if (name.equals("kafka.properties.*")) {
                    continue;
                }
                Key<?> key = Catalogue.find(name).orElse(null);
                if (key == null) {
                    problems.add(module + "/README.md documents " + name + ", which is not in the catalogue");
                } else if (!defaultCell(key).replace("`", "").equals(rows.group(2).trim())) {
                    problems.add(module + "/README.md gives " + name + " the default '" + rows.group(2).trim()
                            + "', the catalogue " + defaultCell(key));
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("rows found in the module READMEs").isGreaterThan(40);
    }

    @Test
    void every_default_parses_and_every_variable_maps_back_to_its_key() {
        for (Key<?> key : Catalogue.all()) {
            assertThat(Configuration.keyOfVariable(key.environmentVariable())).contains(key.name());
        }
        assertThat(Configuration.keyOfVariable("ORGEXPORT_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).contains(
                "kafka.properties.sasl.jaas.config");
        assertThat(Configuration.keyOfVariable("ORGEXPORT_JAVA_OPTS")).isEmpty();
    }

    static String row(Key<?> key) {
        return "| `" + key.name() + "` | " + defaultCell(key) + " | `" + key.environmentVariable() + "` | " + key.meaning() + " |";
    }

    private static String defaultCell(Key<?> key) {
        return key.defaultText() == null ? "(none)" : "`" + key.defaultText() + "`";
    }

    /** The table as the catalogue writes it, for pasting into README.md. */
    static String table() {
        StringBuilder table = new StringBuilder("| key | default | environment variable | meaning |\n|---|---|---|---|\n");
        Catalogue.all().forEach(key -> table.append(row(key)).append('\n'));
        table.append(PASSTHROUGH_ROW).append('\n');
        return table.toString();
    }
}
