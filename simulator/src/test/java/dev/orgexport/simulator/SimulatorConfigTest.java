package dev.orgexport.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.simulator.SimulatorConfig.ClientState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorConfigTest {

    @TempDir
    Path dir;

    @Test
    void the_shipped_example_yaml_loads_with_its_values_and_defaults() throws IOException {
        Path file = dir.resolve("sim.yaml");
        try (InputStream in = SimulatorConfig.class.getResourceAsStream("sim-example.yaml")) {
            Files.copy(in, file);
        }

        SimulatorConfig config = SimulatorConfig.fromYaml(file);

        assertThat(config.orgs()).extracting(SimulatorConfig.Org::id).containsExactly("3b0c6f2e-41d8-4e5a-9b7c-1a2d3e4f5a01",
                "3b0c6f2e-41d8-4e5a-9b7c-1a2d3e4f5a02", "3b0c6f2e-41d8-4e5a-9b7c-1a2d3e4f5a03");
        assertThat(config.catalog().require("xx-test-1").domain()).isEqualTo("xxt1.pure.cloud");
        assertThat(config.clients()).filteredOn(c -> c.id().equals("acme-export")).singleElement()
                .satisfies(c -> assertThat(c.permissions()).isEqualTo(SimulatorConfig.ALL_EXPORT_PERMISSIONS));
        assertThat(config.clients()).filteredOn(c -> c.id().equals("initech-disabled")).singleElement()
                .satisfies(c -> assertThat(c.state()).isEqualTo(ClientState.DISABLED));
        assertThat(config.clients().get(1).tokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(config.jobs().queued()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.faults().latency()).containsEntry("eu-central-1", Duration.ofMillis(50));
        assertThat(config.faults().errors()).singleElement().satisfies(rule -> {
            assertThat(rule.endpoint()).isEqualTo(Endpoint.CONVERSATION_JOB_RESULTS);
            assertThat(rule.rate()).isEqualTo(0.05);
        });
    }

    @Test
    void a_yaml_syntax_error_names_the_file_and_line() throws IOException {
        Path file = write("orgs:\n  - id: a\n    region: us-west-2\n  name: [unclosed\n");

        assertThatThrownBy(() -> SimulatorConfig.fromYaml(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void an_unknown_key_names_its_line() throws IOException {
        Path file = write("orgs:\n  - id: a\n    region: us-west-2\nlimits:\n  apiRequestsPerMinute: 10\n  burst: 5\n");

        assertThatThrownBy(() -> SimulatorConfig.fromYaml(file))
                .hasMessage(file + ":6: unknown key 'burst', expected one of [apiRequestsPerMinute, tokenRequestsPerMinute, apiBudgetScope]");
    }

    @Test
    void a_client_of_an_unlisted_org_names_the_client_line_and_the_rule() throws IOException {
        Path file = write("orgs:\n  - id: a\n    region: us-west-2\nclients:\n  - id: c\n    secret: s\n    org: b\n");

        assertThatThrownBy(() -> SimulatorConfig.fromYaml(file))
                .hasMessageContaining("clients[c].org must name a listed org, but was 'b'");
    }

    @Test
    void a_bad_duration_names_its_line_and_the_accepted_forms() throws IOException {
        Path file = write("jobs:\n  queued: soon\n");

        assertThatThrownBy(() -> SimulatorConfig.fromYaml(file))
                .hasMessageStartingWith(file + ":2: queued must be a duration such as 250ms");
    }

    @Test
    void an_org_in_a_region_outside_the_catalog_is_refused_in_code_too() {
        assertThatThrownBy(() -> SimulatorConfig.builder().org("a", "A", "mars-north-1").build())
                .hasMessage("orgs[a].region must be a region id of the catalog, but was 'mars-north-1'");
    }

    @Test
    void secrets_never_appear_in_to_string() {
        SimulatorConfig config = SimulatorConfig.builder().org("a", "A", "us-west-2").client("c", "top-secret-value", "a").build();

        assertThat(config.toString()).doesNotContain("top-secret-value").contains("<masked>");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
