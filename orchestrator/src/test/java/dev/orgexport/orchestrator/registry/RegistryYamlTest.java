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

/** orgs.yaml as YAML: anchors, aliases, merge keys, and where mistakes in shared blocks are reported. */
class RegistryYamlTest {

    @TempDir
    Path directory;

    private OrgRegistry.Parsed parse(String yaml) {
        return OrgRegistry.parse(Registries.write(directory, "orgs.yaml", yaml), RegionCatalog.builtIn(),
                RegistryConfig.defaults());
    }

    @Test
    void an_export_list_shared_through_an_anchor_and_defaults_merged_with_a_merge_key_are_read_for_every_org() {
        OrgRegistry.Parsed parsed = parse("""
                defaults: &us
                  region: us-east-1
                  secret: env:SHARED_SECRET
                orgs:
                  - id: acme
                    name: Acme
                    <<: *us
                    clientId: c-1
                    exports: &std
                      - kind: conversation-details
                        every: PT15M
                      - kind: audit-events
                        every: PT1H
                  - id: globex
                    name: Globex
                    <<: *us
                    region: eu-west-1       # a key of its own wins over the merged one
                    clientId: c-2
                    exports: *std
                """.replace("defaults: &us", "x-defaults: &us"));

        assertThat(parsed.errors()).as(parsed.errors().toString()).isEmpty();
        assertThat(parsed.orgs()).extracting(OrgDefinition::region).containsExactly("us-east-1", "eu-west-1");
        assertThat(parsed.orgs()).extracting(OrgDefinition::secretRef).containsOnly("env:SHARED_SECRET");
        assertThat(parsed.orgs().get(1).exports()).isEqualTo(parsed.orgs().get(0).exports().stream()
                .map(export -> new ExportDefinition(export.kind(), export.every(), export.lag(), export.catchUp(), 19))
                .toList());
        assertThat(parse("""
                defaults: {}
                orgs: []
                """).errors()).singleElement().satisfies(error -> assertThat(error.message())
                .contains("unknown field 'defaults'").contains("keys starting with x-"));
    }

    @Test
    void anchors_aliases_and_merge_keys_work_inside_the_orgs_list() {
        OrgRegistry.Parsed parsed = parse("""
                orgs:
                  - &acme
                    id: acme
                    name: Acme
                    region: us-east-1
                    secret: env:SHARED_SECRET
                    clientId: c-1
                    exports: &std
                      - kind: conversation-details
                        every: PT15M
                      - kind: audit-events
                        every: PT1H
                  - <<: *acme
                    id: globex
                    name: Globex
                    region: eu-west-1       # a key of its own wins over the merged one
                    clientId: c-2
                  - <<: [*acme]
                    id: initech
                    clientId: c-3
                    exports: *std
                """);

        assertThat(parsed.errors()).as(parsed.errors().toString()).isEmpty();
        assertThat(parsed.orgs()).extracting(OrgDefinition::id).containsExactly("acme", "globex", "initech");
        OrgDefinition globex = parsed.orgs().get(1);
        assertThat(globex.region()).isEqualTo("eu-west-1");
        assertThat(globex.secretRef()).isEqualTo("env:SHARED_SECRET");
        assertThat(globex.name()).isEqualTo("Globex");
        OrgDefinition initech = parsed.orgs().get(2);
        assertThat(initech.name()).isEqualTo("Acme");
        assertThat(initech.exports()).extracting(ExportDefinition::kind)
                .containsExactly(ExportKind.CONVERSATION_DETAILS, ExportKind.AUDIT_EVENTS);
        assertThat(initech.exports().get(0).every()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void a_mistake_inside_an_aliased_block_is_reported_at_each_use_with_the_anchor_line() {
        OrgRegistry.Parsed parsed = parse("""
                orgs:
                  - id: acme
                    name: Acme
                    region: us-east-1
                    clientId: c-1
                    secret: env:A
                    exports: &std
                      - kind: conversation-details
                        every: 15 minutes
                  - id: globex
                    name: Globex
                    region: us-east-1
                    clientId: c-2
                    secret: env:B
                    exports: *std
                """);

        assertThat(parsed.errors()).hasSize(2);
        assertThat(parsed.errors().get(0).line()).as("the anchored block itself").isEqualTo(9);
        assertThat(parsed.errors().get(1).line()).as("the alias' use site").isEqualTo(15);
        assertThat(parsed.errors().get(1).render()).contains("every must be an ISO-8601 duration")
                .contains("from *std (anchored on line 7)");
    }

    @Test
    void an_alias_is_never_silently_its_anchor_name() {
        OrgRegistry.Parsed parsed = parse("""
                orgs:
                  - id: acme
                    name: &n Acme Corp
                    region: us-east-1
                    clientId: c-1
                    secret: env:A
                  - id: acme-2
                    name: *n
                    region: us-east-1
                    clientId: c-2
                    secret: env:B
                """);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.orgs().get(1).name()).isEqualTo("Acme Corp");
    }

    @Test
    void an_alias_without_an_anchor_and_a_merge_of_text_are_errors_with_lines() {
        assertThat(parse("""
                orgs:
                  - id: acme
                    exports: *nowhere
                """).errors()).singleElement().satisfies(error -> {
                    assertThat(error.line()).isEqualTo(3);
                    assertThat(error.message()).contains("nowhere");
                });
        assertThat(parse("""
                orgs:
                  - <<: just text
                    id: acme
                    name: Acme
                    region: us-east-1
                    clientId: c-1
                    secret: env:A
                """).errors()).singleElement().satisfies(error -> {
                    assertThat(error.line()).isEqualTo(2);
                    assertThat(error.message()).contains("'<<' merges a mapping");
                });
    }

    @Test
    void aliases_that_expand_exponentially_are_refused_not_expanded() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 8; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        List<RegistryError> errors = parse(yaml.toString()).errors();

        assertThat(errors).singleElement().satisfies(error ->
                assertThat(error.message()).contains("more than " + YamlTree.MAX_NODES + " values"));
    }

    @Test
    void organization_id_overrides_and_service_names_are_validated() {
        OrgRegistry.Parsed parsed = parse("""
                orgs:
                  - id: acme
                    name: Acme
                    region: us-east-1
                    organizationId: acme-us
                    clientId: c-1
                    secret: env:A
                    apiBudgetPerMinute: 0
                    serviceNames: [Architect]
                    exports:
                      - kind: conversation-details
                        every: PT15M
                  - id: globex
                    name: Globex
                    region: us-east-1
                    organizationId: 9F6C2A4E-1B7D-4C3E-8A5F-2D9E7B1C0A46
                    clientId: c-2
                    secret: env:B
                    apiBudgetPerMinute: 600
                    serviceNames: [Architect, PeoplePermissions]
                    exports:
                      - kind: audit-events
                        every: PT1H
                """);

        assertThat(parsed.errors()).extracting(RegistryError::line).containsExactly(5, 8, 9);
        assertThat(parsed.errors().get(0).message()).contains("a UUID").contains("'acme-us'").contains("goes in 'id'");
        assertThat(parsed.errors().get(1).message()).contains("between 1 and 100000, but was '0'");
        assertThat(parsed.errors().get(2).message()).contains("no audit-events export");
        OrgDefinition globex = parsed.orgs().get(0);
        assertThat(globex.organizationId()).isEqualTo("9f6c2a4e-1b7d-4c3e-8a5f-2d9e7b1c0a46");
        assertThat(globex.overrides().apiBudgetPerMinute()).isEqualTo(600);
        assertThat(globex.overrides().serviceNames()).containsExactly("Architect", "PeoplePermissions");
    }
}
