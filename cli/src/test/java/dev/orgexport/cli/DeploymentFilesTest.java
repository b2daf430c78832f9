package dev.orgexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.cli.config.Catalogue;
import dev.orgexport.cli.config.Key;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml and the README's configuration table must name only what the CLI
 * accepts: no Docker engine runs here, so these files are checked by reading them.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()));

    private static final Set<String> ORGEXPORT_SERVICES = Set.of("simulator", "orchestrator", "worker-1", "worker-2");

    @Test
    void every_orgexport_service_runs_a_command_the_cli_accepts() throws IOException {
        JsonNode services = compose().get("services");

        assertThat(iterable(services.fieldNames())).containsAll(ORGEXPORT_SERVICES).contains("kafka", "postgres");
        for (String name : ORGEXPORT_SERVICES) {
            List<String> command = new ArrayList<>();
            services.get(name).get("command").forEach(part -> command.add(part.asText()));

            CommandLine.ParseResult parsed = Main.commandLine().parseArgs(command.toArray(String[]::new));

            assertThat(parsed.hasSubcommand()).as("service %s runs a subcommand: %s", name, command).isTrue();
        }
    }

    @Test
    void every_orgexport_variable_in_compose_is_a_documented_setting() throws IOException {
        Set<String> known = Catalogue.all().stream().map(Key::environmentVariable).collect(Collectors.toSet());
        JsonNode services = compose().get("services");
        Set<String> referencedSecrets = new LinkedHashSet<>();

        for (String name : ORGEXPORT_SERVICES) {
            JsonNode environment = services.get(name).get("environment");
            if (environment == null) {
                continue;
            }
            for (Map.Entry<String, JsonNode> variable : iterableEntries(environment)) {
                if (variable.getKey().startsWith("ORGEXPORT_") && !variable.getKey().startsWith("ORGEXPORT_KAFKA_PROPERTIES_")) {
                    assertThat(known).as("%s in service %s", variable.getKey(), name).contains(variable.getKey());
                }
                if (variable.getValue().asText().startsWith("env:")) {
                    referencedSecrets.add(variable.getValue().asText().substring(4));
                }
            }
            for (String secret : referencedSecrets) {
                assertThat(environment.has(secret)).as("%s references env:%s, which it must define", name, secret).isTrue();
            }
        }
        assertThat(referencedSecrets).as("the database password is passed by reference").contains("POSTGRES_PASSWORD");
        assertThat(services.get("worker-1").get("environment").get("ORGEXPORT_DATABASE_URL").asText())
                .as("merge keys applied: workers inherit the shared environment").startsWith("jdbc:postgresql://postgres");
    }

    /** Read with SnakeYAML, which applies the merge keys ({@code <<: *orgexport}) that compose files use. */
    private static JsonNode compose() throws IOException {
        Object document = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return new ObjectMapper().valueToTree(document);
    }

    private static <T> List<T> iterable(Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    private static List<Map.Entry<String, JsonNode>> iterableEntries(JsonNode node) {
        return iterable(node.fields());
    }
}
