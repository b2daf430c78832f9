package dev.orgexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.cli.config.Catalogue;
import dev.orgexport.cli.config.Key;
import dev.orgexport.orchestrator.registry.OrgDefinition;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.SimulatorConfig;
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
 * accepts, and the compose registry must match the compose simulator: no Docker engine runs
 * here, so these files are checked by reading them.
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
            // Each service must define the variables its own references name (the orchestrator's console
            // token is not the workers' business).
            Set<String> referencedHere = new LinkedHashSet<>();
            for (Map.Entry<String, JsonNode> variable : iterableEntries(environment)) {
                if (variable.getKey().startsWith("ORGEXPORT_") && !variable.getKey().startsWith("ORGEXPORT_KAFKA_PROPERTIES_")) {
                    assertThat(known).as("%s in service %s", variable.getKey(), name).contains(variable.getKey());
                }
                if (variable.getValue().asText().startsWith("env:")) {
                    referencedHere.add(variable.getValue().asText().substring(4));
                }
            }
            referencedSecrets.addAll(referencedHere);
            for (String secret : referencedHere) {
                assertThat(environment.has(secret)).as("%s references env:%s, which it must define", name, secret).isTrue();
            }
        }
        assertThat(referencedSecrets).as("the database password is passed by reference").contains("POSTGRES_PASSWORD");
        assertThat(services.get("worker-1").get("environment").get("ORGEXPORT_DATABASE_URL").asText())
                .as("merge keys applied: workers inherit the shared environment").startsWith("jdbc:postgresql://postgres");
    }

    @Test
    void the_compose_registry_matches_the_compose_simulator_config_org_by_org() throws IOException {
        JsonNode services = compose().get("services");
        Path registryFile = ROOT.resolve(mounted(services.get("orchestrator"), "/etc/orgexport/orgs.yaml"));
        Path simulatorFile = ROOT.resolve(mounted(services.get("simulator"), "/etc/orgexport/sim.yaml"));
        assertThat(registryFile).as("the compose registry is its own, not the example").isNotEqualTo(
                ROOT.resolve("examples/orgs.yaml"));

        OrgRegistry.Parsed registry = OrgRegistry.parse(registryFile, RegionCatalog.builtIn(), RegistryConfig.defaults());
        SimulatorConfig simulator = SimulatorConfig.fromYaml(simulatorFile);
        JsonNode workerEnvironment = services.get("worker-1").get("environment");

        assertThat(registry.errors()).as("errors of %s", registryFile).isEmpty();
        assertThat(registry.orgs()).extracting(OrgDefinition::id)
                .containsExactlyInAnyOrder("primary", "secondary", "emea", "restricted");
        Map<String, SimulatorConfig.Org> simulatedOrgs = simulator.orgs().stream()
                .collect(Collectors.toMap(SimulatorConfig.Org::id, org -> org));
        for (OrgDefinition org : registry.orgs()) {
            SimulatorConfig.Client client = simulator.clients().stream().filter(c -> c.id().equals(org.clientId()))
                    .findFirst().orElse(null);
            assertThat(client).as("org %s's client %s in %s", org.id(), org.clientId(), simulatorFile).isNotNull();
            assertThat(org.organizationId()).as("%s is pinned on first use, as the example teaches", org.id()).isNull();
            assertThat(client.org()).as("the simulator's organization ids are UUIDs, not the registry's ids")
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(org.secretRef()).startsWith("env:");
            String variable = org.secretRef().substring(4);
            assertThat(workerEnvironment.has(variable)).as("the workers define %s for %s", variable, org.id()).isTrue();
            assertThat(workerEnvironment.get(variable).asText()).as("%s's secret", org.id()).isEqualTo(client.secret());
            String clientRegion = simulatedOrgs.get(client.org()).region();
            if (org.id().equals("secondary")) {
                assertThat(clientRegion).as("the seed's org in the wrong region").isNotEqualTo(org.region());
            } else {
                assertThat(clientRegion).as("%s's region", org.id()).isEqualTo(org.region());
            }
            boolean canExportConversations = client.permissions().contains(ExportKind.CONVERSATION_DETAILS.permission());
            assertThat(canExportConversations).as("%s's conversation-details permission", org.id())
                    .isEqualTo(!org.id().equals("restricted"));
        }
    }

    /** The host path of the service's volume mounted at {@code target}. */
    private static String mounted(JsonNode service, String target) {
        for (JsonNode volume : service.get("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                return parts[0].startsWith("./") ? parts[0].substring(2) : parts[0];
            }
        }
        throw new AssertionError("no volume mounted at " + target + " in " + service);
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
