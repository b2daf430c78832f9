package dev.orgexport.cli;

import dev.orgexport.cli.EndToEndEvidence.Window;
import dev.orgexport.cli.demo.SecretFiles;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The world of {@link EndToEndIT}: five orgs in five regions (the registry names them by id,
 * short name or domain), each with the same three exports, and what they owe over time,
 * computed here from the schedule rules of the READMEs, independently of the scheduler:
 * windows {@code [t, t + every)} from the apply instant on, due once their end plus lag has
 * passed.
 *
 * <p>Two exports have no lag, so the platform's data availability (2 min behind the clock in the
 * simulator, 1 min for audit queries) makes the worker postpone their windows that end on a step
 * of the clock; {@link #postponed} says which.
 */
final class EndToEndScenario {

    static final Duration STEP = Duration.ofMinutes(15);
    static final int STEPS = 12;
    static final Duration SIMULATOR_AVAILABILITY_LAG = Duration.ofMinutes(2);

    /** One export of every org; {@code availabilityLag} is how far the platform's data trails the clock. */
    record Export(ExportKind kind, Duration every, Duration lag, Duration availabilityLag) {
    }

    static final List<Export> EXPORTS = List.of(
            new Export(ExportKind.CONVERSATION_DETAILS, Duration.ofMinutes(30), Duration.ofMinutes(5),
                    SIMULATOR_AVAILABILITY_LAG),
            new Export(ExportKind.USER_DETAILS, Duration.ofHours(1), Duration.ZERO, SIMULATOR_AVAILABILITY_LAG),
            new Export(ExportKind.AUDIT_EVENTS, Duration.ofMinutes(20), Duration.ZERO,
                    PlatformSettings.DEFAULT_AUDIT_AVAILABILITY_LAG));

    /** An org: the region its client lives in, and how the registry names that region. */
    record Org(String id, String region, String registryRegion) {
        String clientId() {
            return id + "-client";
        }
    }

    static final List<Org> ORGS = List.of(
            new Org("e2e-use1", "us-east-1", "us-east-1"),
            new Org("e2e-usw2", "us-west-2", "us-west-2"),
            new Org("e2e-euc1", "eu-central-1", "eu-central-1"),
            new Org("e2e-euw2", "eu-west-2", "euw2"),
            new Org("e2e-apse2", "ap-southeast-2", "mypurecloud.com.au"));

    private final Path directory;
    private final Instant t0;

    /** @param t0 the instant the registry is applied at, an hour boundary (every window grid starts there) */
    EndToEndScenario(Path directory, Instant t0) {
        if (t0.getEpochSecond() % 3600 != 0) {
            throw new IllegalArgumentException("the clock must start on an hour boundary, not " + t0);
        }
        this.directory = directory;
        this.t0 = t0;
    }

    Instant start() {
        return t0;
    }

    /** The instant of step {@code n} (0: the start). */
    Instant step(int n) {
        return t0.plus(STEP.multipliedBy(n));
    }

    /** The windows, of every org and export, whose end plus lag is at most {@code until}. */
    List<Window> windowsDueBy(Instant until) {
        List<Window> windows = new ArrayList<>();
        for (Org org : ORGS) {
            for (Export export : EXPORTS) {
                for (Instant start = t0; !start.plus(export.every()).plus(export.lag()).isAfter(until);
                     start = start.plus(export.every())) {
                    windows.add(new Window(org.id(), export.kind(), start, start.plus(export.every())));
                }
            }
        }
        return windows;
    }

    /**
     * Whether the worker must find the window's data not yet available: the scheduler creates the
     * run at the first step at or after its end plus lag, and the platform's data trails that step.
     */
    boolean postponed(Window window) {
        Export export = export(window.kind());
        Duration toDue = Duration.between(t0, window.end().plus(export.lag()));
        long steps = -Math.floorDiv(-toDue.toSeconds(), STEP.toSeconds());
        return window.end().plus(export.availabilityLag()).isAfter(step((int) steps));
    }

    /** When the postponed window's data becomes available. */
    Instant availableAt(Window window) {
        return window.end().plus(export(window.kind()).availabilityLag());
    }

    /** Five orgs with their clients (random secrets, also written to 0600 files), small data, short job delays. */
    SimulatorConfig simulatorConfig() throws IOException {
        SimulatorConfig.Builder builder = SimulatorConfig.builder()
                .limits(new SimulatorConfig.Limits(60_000, 1_000, SimulatorConfig.BudgetScope.TOKEN))
                .jobs(new SimulatorConfig.JobTimings(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofHours(1)))
                .data(new SimulatorConfig.DataSizing(3, 12, 5, SIMULATOR_AVAILABILITY_LAG, false));
        for (Org org : ORGS) {
            String secret = SecretFiles.writeRandom(secretFile(org));
            builder.org(org.id(), "End to end " + org.region(), org.region())
                    .client(SimulatorConfig.Client.of(org.clientId(), secret, org.id()));
        }
        return builder.build();
    }

    /** The orgs.yaml an operator would write; secrets by {@code file:} reference. */
    Path registryFile() throws IOException {
        StringBuilder yaml = new StringBuilder("orgs:\n");
        for (Org org : ORGS) {
            yaml.append("  - id: ").append(org.id()).append('\n')
                    .append("    name: End to end ").append(org.region()).append('\n')
                    .append("    region: ").append(org.registryRegion()).append('\n')
                    .append("    clientId: ").append(org.clientId()).append('\n')
                    .append("    secret: file:").append(secretFile(org)).append('\n')
                    .append("    exports:\n");
            for (Export export : EXPORTS) {
                yaml.append("      - kind: ").append(export.kind().wireName()).append('\n')
                        .append("        every: ").append(export.every()).append('\n')
                        .append("        lag: ").append(export.lag()).append('\n')
                        .append("        catchUp: PT1H\n");
            }
        }
        Path file = directory.resolve("orgs.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private Path secretFile(Org org) {
        return directory.resolve(org.id() + ".secret");
    }

    private static Export export(ExportKind kind) {
        return EXPORTS.stream().filter(e -> e.kind() == kind).findFirst().orElseThrow();
    }
}
