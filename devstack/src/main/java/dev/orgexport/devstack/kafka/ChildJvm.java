package dev.orgexport.devstack.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts Java main classes in child JVMs with this JVM's class path, output appended to a log
 * file. Every child still alive when this JVM exits is killed by a shutdown hook, so a failed
 * test never leaves a broker behind.
 */
final class ChildJvm {

    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");

    private final String classpath;
    private final Path logbackConfig;

    ChildJvm(String classpath, Path logbackConfig) {
        this.classpath = classpath;
        this.logbackConfig = logbackConfig;
    }

    /** Starts {@code mainClass} and returns at once; the process is killed at the latest on JVM exit. */
    Process launch(Path output, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlogback.configurationFile=" + logbackConfig);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
            Reaper.LIVE.add(process);
            process.onExit().thenRun(() -> Reaper.LIVE.remove(process));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a child JVM for " + mainClass, e);
        }
    }

    /**
     * Runs {@code mainClass} to completion.
     *
     * @throws IllegalStateException when it exits non-zero or runs longer than the timeout
     */
    void run(Path output, long timeoutMillis, String mainClass, String... args) {
        Process process = launch(output, mainClass, args);
        int exit = awaitExit(process, timeoutMillis);
        if (exit != 0) {
            throw new IllegalStateException(mainClass + " exited with " + exit + "; output:\n" + tail(output));
        }
    }

    /**
     * Waits for the process to exit; kills it forcibly when it is still alive after the timeout.
     *
     * @return the exit code
     */
    static int awaitExit(Process process, long timeoutMillis) {
        try {
            return process.onExit().get(timeoutMillis, TimeUnit.MILLISECONDS).exitValue();
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("child JVM pid " + process.pid() + " did not exit within "
                    + timeoutMillis + " ms and was killed");
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for child JVM pid " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for child JVM pid " + process.pid(), e);
        }
    }

    /** The last lines of a child's output, for error messages. */
    static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(output " + output + " unreadable: " + e + ")";
        }
    }

    /** Children alive right now, killed by one shutdown hook registered on first use. */
    private static final class Reaper {
        static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> LIVE.forEach(Process::destroyForcibly), "devstack-child-jvm-reaper"));
        }
    }
}
