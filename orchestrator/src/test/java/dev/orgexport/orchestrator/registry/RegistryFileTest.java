package dev.orgexport.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.task.ExportKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryFileTest {

    @TempDir
    Path directory;

    private OrgRegistry.Parsed parse(String yaml) {
        return OrgRegistry.parse(Registries.write(directory, "orgs.yaml", yaml), RegionCatalog.builtIn(),
                RegistryConfig.defaults());
    }

    @Test
    void a_valid_org_is_read_with_defaults_and_its_region_made_canonical() {
        OrgRegistry.Parsed parsed = parse("""
                orgs:
                  - id: acme
                    name: Acme
                    region: usw2
                    clientId: c-1
                    secret: env:ACME_SECRET
                    exports:
                      - kind: audit-events
                        every: PT1H
                """);

        assertThat(parsed.errors()).isEmpty();
        OrgDefinition org = parsed.orgs().get(0);
        assertThat(org.region()).isEqualTo("us-west-2");
        assertThat(org.enabled()).isTrue();
        assertThat(org.exports()).containsExactly(new ExportDefinition(ExportKind.AUDIT_EVENTS, Duration.ofHours(1),
                RegistryConfig.DEFAULT_LAG, RegistryConfig.DEFAULT_CATCH_UP, 8));
    }

    @Test
    void a_secret_given_in_clear_is_refused_without_being_repeated() {
        OrgRegistry.Parsed parsed = parse("""
                orgs:
                  - id: acme
                    name: Acme
                    region: us-east-1
                    clientId: c-1
                    secret: s3cr3t-Value-123
                """);

        assertThat(parsed.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(6);
            assertThat(error.render()).contains("secret must be a reference").doesNotContain("s3cr3t");
        });
    }

    @Test
    void a_key_given_twice_in_one_org_is_an_error_naming_both_lines() {
        OrgRegistry.Parsed parsed = parse("""
                orgs:
                  - id: acme
                    name: Acme
                    region: us-east-1
                    name: Acme Corp
                    clientId: c-1
                    secret: env:X
                """);

        assertThat(parsed.errors()).extracting(RegistryError::render)
                .containsExactly("line 5, orgs[0].name: 'name' is given twice (first on line 3)");
    }

    @Test
    void a_file_that_is_not_yaml_reports_where_the_parser_gave_up() {
        OrgRegistry.Parsed parsed = parse("""
                orgs:
                  - id: acme
                    name: [unclosed
                """);

        assertThat(parsed.errors()).singleElement().satisfies(error -> {
            assertThat(error.line()).isGreaterThanOrEqualTo(3);
            assertThat(error.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void an_id_that_yaml_reads_as_a_boolean_is_refused_with_a_hint_to_quote_it() {
        OrgRegistry.Parsed parsed = parse("""
                orgs:
                  - {id: no, name: Norway, region: eu-west-1, clientId: c-1, secret: env:NO}
                """);

        assertThat(parsed.errors()).extracting(RegistryError::render).containsExactly("line 2, orgs[0].id: id must be "
                + "non-empty text, but is a boolean (YAML reads on, off, yes, no, true and false as booleans: quote the value)");
    }

    @Test
    void an_empty_file_is_an_error() {
        assertThat(parse("").errors()).extracting(RegistryError::message)
                .containsExactly("the file is empty; it needs an 'orgs' list");
    }

    @Test
    void the_example_file_shipped_in_the_repository_is_valid() {
        Path example = Path.of("..", "examples", "orgs.yaml");
        OrgRegistry.Parsed parsed = OrgRegistry.parse(example, RegionCatalog.builtIn(), RegistryConfig.defaults());

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.orgs()).hasSizeGreaterThanOrEqualTo(3);
        List<String> regions = parsed.orgs().stream().map(OrgDefinition::region).distinct().toList();
        assertThat(regions).hasSizeGreaterThan(1);
    }
}
