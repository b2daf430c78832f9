package dev.orgexport.cli;

import ch.qos.logback.classic.Level;
import dev.orgexport.cli.operator.OperatorCommand;
import dev.orgexport.cli.process.LogLevels;
import picocli.CommandLine;

/**
 * Entry point of the {@code orgexport} executable. Exit codes: 0 success, 1 failure,
 * 2 usage error (with a one-line reason).
 */
public final class Main {

    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    /** Read by logback.xml as well: the level of orgexport's own loggers. */
    static final String LOG_LEVEL_VARIABLE = "ORGEXPORT_LOG_LEVEL";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs one command line as the executable does and returns its exit code. An operator command
     * (orgs, runs, backfill, audit, diagnose) keeps orgexport's INFO log lines off the terminal,
     * where only its answer belongs, unless {@value #LOG_LEVEL_VARIABLE} asks for them; services
     * log at {@code log.level}. This sets the JVM's log level, so tests run commands through
     * {@link #commandLine()} instead.
     */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setExecutionStrategy(parseResult -> {
            if (parseResult.hasSubcommand() && parseResult.subcommand().commandSpec().userObject() instanceof OperatorCommand
                    && System.getenv(LOG_LEVEL_VARIABLE) == null) {
                LogLevels.apply(Level.WARN);
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new OrgexportCommand());
        commandLine.setExitCodeExceptionMapper(e -> EXIT_FAILURE);
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("orgexport: " + e.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, command, parseResult) -> {
            command.getErr().println("orgexport: " + e.getMessage());
            return EXIT_FAILURE;
        });
        return commandLine;
    }
}
