package dev.orgexport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line itself, without any backend: every command's {@code --help}, {@code --version},
 * and usage errors (exit 2, one line of reason on stderr, then where to find help). None of
 * these needs configuration or a database: a usage error is found before anything is opened.
 */
class CommandLineUsageTest {

    private static final String FROM = "2026-01-01T00:00:00Z";
    private static final String TO = "2026-01-01T03:00:00Z";

    @Test
    void the_command_tree_has_every_command_of_the_readme() {
        List<String> paths = commandPaths(CliRun.tree()).stream().map(path -> String.join(" ", path)).toList();

        assertThat(paths).contains("", "demo", "standalone", "simulator", "orchestrator", "worker", "orgs", "orgs apply", "orgs list",
                "orgs status", "orgs pause", "orgs resume", "orgs release", "runs", "backfill", "audit", "audit tail",
                "audit summary", "diagnose");
    }

    @Test
    void every_listing_offers_json() {
        for (String listing : List.of("orgs list", "orgs status", "runs", "audit tail", "audit summary")) {
            CommandLine command = find(CliRun.tree(), listing.split(" "));

            assertThat(command.getCommandSpec().findOption("--json")).as("%s --json", listing).isNotNull();
        }
    }

    /** One dynamic test per command, found by walking the tree, so a new command is covered without a new test. */
    @TestFactory
    Stream<DynamicTest> every_command_prints_its_usage_on_help_and_exits_0() {
        return commandPaths(CliRun.tree()).stream().map(path -> DynamicTest.dynamicTest(
                ("orgexport " + String.join(" ", path) + " --help").replace("  ", " "), () -> {
                    List<String> args = new ArrayList<>(path);
                    args.add("--help");

                    CliRun.Result result = CliRun.run(args.toArray(String[]::new));

                    CommandLine command = find(CliRun.tree(), path.toArray(String[]::new));
                    assertThat(result.exitCode()).as(result.printed()).isZero();
                    assertThat(result.err()).as(result.printed()).isEmpty();
                    assertThat(result.out()).as(result.printed())
                            .startsWith("Usage: " + command.getCommandSpec().qualifiedName() + " ");
                    for (OptionSpec option : command.getCommandSpec().options()) {
                        assertThat(result.out()).as("usage of %s names %s", path, option.longestName())
                                .contains(option.longestName());
                    }
                    for (String subcommand : command.getSubcommands().keySet()) {
                        assertThat(result.out()).as("usage of %s lists %s", path, subcommand).contains(subcommand);
                    }
                }));
    }

    @Test
    void version_prints_the_version_and_exits_0() {
        CliRun.Result result = CliRun.run("--version");

        assertThat(result.exitCode()).as(result.printed()).isZero();
        assertThat(result.out()).startsWith("orgexport ").contains("Java ");
        assertThat(result.err()).isEmpty();
    }

    static Stream<Arguments> bad_command_lines() {
        return Stream.of(
                Arguments.of(List.of("--bogus"), "", "Unknown option: '--bogus'"),
                Arguments.of(List.of("runs", "--bogus"), "runs", "Unknown option: '--bogus'"),
                Arguments.of(List.of("frobnicate"), "", "'frobnicate'"),
                Arguments.of(List.of("orgs"), "orgs", "Missing required subcommand"),
                Arguments.of(List.of("audit"), "audit", "Missing required subcommand"),
                Arguments.of(List.of("backfill", "--kind", "user-details", "--from", FROM, "--to", TO), "backfill",
                        "name at least one org (ORG or --org ORG) or give --all"),
                Arguments.of(List.of("diagnose"), "diagnose", "Missing required option: '--org=ORG'"),
                Arguments.of(List.of("simulator"), "simulator", "Missing required option: '--config=FILE'"),
                Arguments.of(List.of("orgs", "pause"), "orgs pause", "name at least one org (ORG or --org ORG) or give --all"),
                Arguments.of(List.of("runs", "--state", "NOPE"), "runs",
                        "Invalid value for option '--state': expected one of [QUEUED, RUNNING, SUCCEEDED, RETRY_WAIT, FAILED, "
                                + "CANCELLED] (case-sensitive) but was 'NOPE'"),
                Arguments.of(List.of("runs", "--limit", "many"), "runs", "Invalid value for option '--limit'"),
                Arguments.of(List.of("backfill", "--org", "alpha", "--kind", "payroll", "--from", FROM, "--to", TO), "backfill",
                        "Invalid value for option '--kind' (KIND): unknown export kind 'payroll', expected one of "
                                + "conversation-details, user-details, audit-events"),
                Arguments.of(List.of("backfill", "--org", "alpha", "--kind", "user-details", "--from", "yesterday", "--to", TO),
                        "backfill", "Invalid value for option '--from'"),
                Arguments.of(List.of("backfill", "--org", "alpha", "--kind", "user-details", "--from", FROM,
                        "--to", "2026-01-01 03:00"), "backfill", "Invalid value for option '--to'"),
                Arguments.of(List.of("audit", "tail", "--since", "last-tuesday"), "audit tail",
                        "Invalid value for option '--since': 'last-tuesday' is neither an ISO-8601 instant"),
                Arguments.of(List.of("audit", "summary", "--since", "P1X"), "audit summary",
                        "Invalid value for option '--since': 'P1X' is neither"));
    }

    @ParameterizedTest(name = "orgexport {0}")
    @MethodSource("bad_command_lines")
    void bad_arguments_exit_2_with_a_one_line_reason_on_stderr(List<String> args, String command, String reason) {
        CliRun.Result result = CliRun.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(Main.EXIT_USAGE);
        assertThat(result.out()).as(result.printed()).isEmpty();
        assertThat(result.errLines()).as(result.printed()).hasSize(2);
        assertThat(result.errLines().get(0)).startsWith("orgexport: ").contains(reason);
        assertThat(result.errLines().get(1))
                .isEqualTo("Try '" + ("orgexport " + command).strip() + " --help' for more information.");
    }

    private static List<List<String>> commandPaths(CommandLine root) {
        List<List<String>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, subcommand) -> {
            // Aliases map to the same CommandLine; walk each command once, under its own name.
            if (name.equals(subcommand.getCommandName())) {
                List<String> child = new ArrayList<>(path);
                child.add(name);
                collect(subcommand, child, paths);
            }
        });
    }

    private static CommandLine find(CommandLine root, String... path) {
        CommandLine command = root;
        for (String name : path) {
            command = command.getSubcommands().get(name);
            assertThat(command).as("subcommand %s of %s", name, List.of(path)).isNotNull();
        }
        return command;
    }
}
