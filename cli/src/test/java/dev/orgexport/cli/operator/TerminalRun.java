package dev.orgexport.cli.operator;

import dev.orgexport.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code orgexport} command line run as an operator runs it at a terminal: in its own JVM
 * through {@link Main#main}, with standard output and error apart. {@link dev.orgexport.cli.CliRun}
 * runs commands inside the test's JVM, where log lines cannot be told from the test's own.
 */
record TerminalRun(int exitCode, String out, String err) {

    private static final long TIMEOUT_SECONDS = 90;

    /** Runs the command with {@code environment} added to this JVM's, minus any {@code ORGEXPORT_LOG_LEVEL}. */
    static TerminalRun of(Path directory, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(directory, "terminal", ".out");
        Path err = Files.createTempFile(directory, "terminal", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("ORGEXPORT_LOG_LEVEL");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("orgexport " + String.join(" ", args) + " still running after " + TIMEOUT_SECONDS + " s");
        }
        return new TerminalRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** For assertion messages: everything the command printed. */
    String printed() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
