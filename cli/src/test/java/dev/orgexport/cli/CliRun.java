package dev.orgexport.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs one {@code orgexport} command line in this JVM, as {@link Main#run} does but with its
 * standard output and error captured, and returns the exit code with both texts. Never exits.
 */
public final class CliRun {

    /** What one command line did. */
    public record Result(int exitCode, String out, String err) {

        public List<String> errLines() {
            return err.lines().toList();
        }

        /** For assertion messages: everything the command printed. */
        public String printed() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CliRun() {
    }

    public static Result run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** The root of the command tree, for tests that walk every command. */
    public static CommandLine tree() {
        return Main.commandLine();
    }
}
