package dev.orgexport.cli.demo;

import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.SimulatorConfig.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The seed's story with four orgs:
 * <ul>
 *   <li>{@code primary} in us-east-1, healthy;</li>
 *   <li>{@code secondary} configured for us-east-1 while its client lives in us-west-2: the 401
 *       of a secondary org;</li>
 *   <li>{@code emea} in eu-central-1, healthy;</li>
 *   <li>{@code restricted}, whose client lacks {@code analytics:conversationDetail:view}.</li>
 * </ul>
 * Secrets are random per run and reach orgexport only as {@code file:} references. As on Genesys
 * Cloud, the simulator's organization ids are UUIDs while the registry uses the operator's short
 * ids without {@code organizationId}, so each org is pinned by its first verified token.
 */
final class DemoScenario {

    /**
     * One org: the operator's id, the platform's organization id, where it really lives, where the
     * registry says it lives, and its client.
     */
    record DemoOrg(String id, String organizationId, String name, String actualRegion, String configuredRegion,
                   String clientId, List<String> permissions) {
    }

    static final List<DemoOrg> ORGS = List.of(
            new DemoOrg("primary", "5d0f1c3a-8e2b-4f6d-9a71-3c4b2e1f0a01", "Primary (US East)", "us-east-1", "us-east-1",
                    "primary-client", List.copyOf(SimulatorConfig.ALL_EXPORT_PERMISSIONS)),
            new DemoOrg("secondary", "5d0f1c3a-8e2b-4f6d-9a71-3c4b2e1f0a02", "Secondary (client in US West)", "us-west-2",
                    "us-east-1", "secondary-client", List.copyOf(SimulatorConfig.ALL_EXPORT_PERMISSIONS)),
            new DemoOrg("emea", "5d0f1c3a-8e2b-4f6d-9a71-3c4b2e1f0a03", "EMEA (Frankfurt)", "eu-central-1", "eu-central-1",
                    "emea-client", List.copyOf(SimulatorConfig.ALL_EXPORT_PERMISSIONS)),
            new DemoOrg("restricted", "5d0f1c3a-8e2b-4f6d-9a71-3c4b2e1f0a04", "Restricted (no conversation details)",
                    "us-east-1", "us-east-1", "restricted-client", List.of("analytics:userDetail:view", "audits:audit:view")));

    /** The simulator's organization id of an org of the registry (its id is the operator's). */
    static String organizationIdOf(String orgId) {
        return ORGS.stream().filter(org -> org.id().equals(orgId)).map(DemoOrg::organizationId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo org " + orgId));
    }

    static final String BROKEN_REGION_ORG = "secondary";

    private final Path directory;

    DemoScenario(Path directory) {
        this.directory = directory;
    }

    /** Writes each client's secret to a file only this user can read; returns the simulator's config. */
    SimulatorConfig simulatorConfig() throws IOException {
        // Jobs finish in 300 ms so the demo stays short; data stays live (5 min availability lag),
        // which is why the demo backfills only windows that have settled.
        SimulatorConfig.Builder builder = SimulatorConfig.builder()
                .jobs(new SimulatorConfig.JobTimings(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofHours(1)));
        for (DemoOrg org : ORGS) {
            String secret = SecretFiles.writeRandom(secretFile(org));
            builder.org(org.organizationId(), org.name(), org.actualRegion())
                    .client(Client.of(org.clientId(), secret, org.organizationId()).withPermissions(org.permissions().toArray(String[]::new)));
        }
        return builder.build();
    }

    /** The orgs.yaml an operator would write: every kind hourly, secrets by reference. */
    Path registryFile() throws IOException {
        StringBuilder yaml = new StringBuilder("# written by `orgexport demo`\norgs:\n");
        for (DemoOrg org : ORGS) {
            yaml.append("  - id: ").append(org.id()).append('\n')
                    .append("    name: ").append(org.name()).append('\n')
                    .append("    region: ").append(org.configuredRegion()).append('\n')
                    .append("    clientId: ").append(org.clientId()).append('\n')
                    .append("    secret: file:").append(secretFile(org)).append('\n')
                    .append("    exports:\n");
            for (String kind : List.of("conversation-details", "user-details", "audit-events")) {
                yaml.append("      - kind: ").append(kind).append("\n        every: PT1H\n        catchUp: PT0S\n");
            }
        }
        Path file = directory.resolve("orgs.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private Path secretFile(DemoOrg org) {
        return directory.resolve(org.id() + ".secret");
    }
}
