package dev.orgexport.cli;

import picocli.CommandLine;

/**
 * Entry point of the {@code orgexport} executable. Exit codes: 0 success, 1 failure,
 * 2 usage error (with a one-line reason).
 */
public final class Main {

    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; used by tests without exiting the JVM. */
    public static int run(String... args) {
        return commandLine().execute(args);
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
