package dev.orgexport.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code orgexport standalone} as a child JVM: the shaded jar {@code target/orgexport.jar} when the
 * build made it (integration tests run after {@code package}), else this JVM's class path. Its
 * output goes to a file; it can be killed with SIGKILL or stopped with SIGTERM.
 */
final class StandaloneProcess {

    private final Process process;
    private final Path output;

    private StandaloneProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static StandaloneProcess start(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        Path jar = Path.of("target", "orgexport.jar");
        if (Files.isRegularFile(jar)) {
            command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new StandaloneProcess(process, output);
    }

    /** Waits until the standalone printed that it runs; fails with its output when it exited or took too long. */
    StandaloneProcess awaitRunning(long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (printed().contains("standalone running")) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("standalone exited with " + process.exitValue() + ":\n" + printed());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("standalone did not start within " + timeoutSeconds + " s:\n" + printed());
    }

    String printed() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and wait for the clean stop; returns the exit code, or -1 when it had to be killed. */
    int stop() throws InterruptedException {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        if (process.waitFor(90, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        return -1;
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return "standalone pid " + process.pid() + " (output in " + output + File.separator + ")";
    }
}
