package dev.orgexport.devstack.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same one-node KRaft broker as {@link EmbeddedKafka}, but in a child JVM
 * ({@code kafka.Kafka server.properties}), so a test can crash it with {@link #kill9()} and
 * {@link #restart()} it on the same directory and port.
 *
 * <p>Layout of the work directory: {@code server.properties}, {@code broker.log} (the child's
 * output, WARN and above), {@code data/} (the log directory, formatted once by
 * {@code kafka.tools.StorageTool format --ignore-formatted} with a fixed cluster id).
 *
 * <p>Lifecycle: {@link #start()} returns once the broker answers Admin requests;
 * {@link #stop()} asks it to shut down cleanly (SIGTERM); {@link #kill9()} kills it (SIGKILL) and
 * waits until the process is gone. A child still alive when this JVM exits is killed by a
 * shutdown hook. Thread-safety: all methods are thread-safe (lifecycle calls are serialized).
 */
public final class ChildProcessKafka implements KafkaBroker, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChildProcessKafka.class);
    private static final long START_TIMEOUT_MS = 60_000;
    private static final long STOP_TIMEOUT_MS = 30_000;

    private final WorkDirectory directory;
    private BrokerPorts ports;
    private ChildJvm jvm;
    private Process process;
    private long lastStartMillis = -1;

    private ChildProcessKafka(WorkDirectory directory) {
        this.directory = directory;
    }

    /** A broker on a new temporary work directory, deleted by {@link #close()}. Not started yet. */
    public static ChildProcessKafka inTemporaryDirectory() {
        return new ChildProcessKafka(WorkDirectory.temporary("orgexport-kafka-child-"));
    }

    /** A broker on the given work directory (created if missing, never deleted). Not started yet. */
    public static ChildProcessKafka inDirectory(Path workDirectory) {
        return new ChildProcessKafka(WorkDirectory.given(workDirectory));
    }

    /**
     * Starts the child broker and returns once it answers; does nothing when already running.
     *
     * @throws IllegalStateException when it exits or does not answer within 60 s (with its output)
     */
    public synchronized ChildProcessKafka start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        long begin = System.nanoTime();
        prepareOnce();
        Path config = directory.resolve("server.properties");
        // Formatting costs a JVM start: skip it when the directory already holds a formatted log.
        if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
            jvm.run(directory.resolve("format.log"), START_TIMEOUT_MS, "kafka.tools.StorageTool",
                    "format", "--ignore-formatted", "-t", BrokerProperties.CLUSTER_ID, "-c", config.toString());
        }
        process = jvm.launch(directory.resolve("broker.log"), "kafka.Kafka", config.toString());
        awaitReady();
        lastStartMillis = (System.nanoTime() - begin) / 1_000_000;
        log.info("Kafka {} broker (child JVM pid {}, KRaft combined) ready at {} in {} ms, work dir {}",
                AppInfoParser.getVersion(), process.pid(), ports.bootstrapServers(), lastStartMillis, directory.path());
        return this;
    }

    /** Kills the broker with SIGKILL (no shutdown of any kind) and waits until its process is gone. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        long pid = process.pid();
        process.destroyForcibly();
        ChildJvm.awaitExit(process, STOP_TIMEOUT_MS);
        process = null;
        log.info("Kafka broker child JVM pid {} killed with SIGKILL", pid);
    }

    /** Shuts the broker down cleanly (SIGTERM) and waits; kills it when it takes over 30 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        ChildJvm.awaitExit(process, STOP_TIMEOUT_MS);
        process = null;
    }

    /** Starts the broker again on the same directory and port, stopping it cleanly first if running. */
    public synchronized ChildProcessKafka restart() {
        stop();
        return start();
    }

    /** The operating-system pid of the running broker. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("child Kafka broker in " + directory.path() + " is not running");
        }
        return process.pid();
    }

    /** Whether the child process is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized String bootstrapServers() {
        if (ports == null) {
            throw new IllegalStateException("ChildProcessKafka in " + directory.path() + " was never started");
        }
        return ports.bootstrapServers();
    }

    @Override
    public void createTopic(String name, int partitions) {
        TopicAdmin.createTopic(bootstrapServers(), name, partitions);
    }

    @Override
    public synchronized String description() {
        return String.format(Locale.ROOT, "Apache Kafka %s in a child JVM (KRaft combined) at %s, started in %d ms",
                AppInfoParser.getVersion(), ports == null ? "(not started)" : ports.bootstrapServers(),
                lastStartMillis);
    }

    /** Milliseconds the last {@link #start()} took, or -1 before the first. */
    public synchronized long lastStartMillis() {
        return lastStartMillis;
    }

    /** Stops the broker and deletes the work directory if this object created it. */
    @Override
    public synchronized void close() {
        stop();
        directory.deleteIfOwned();
    }

    private void prepareOnce() {
        if (jvm != null) {
            return;
        }
        ports = BrokerPorts.allocate();
        Path data = directory.resolve("data");
        BrokerProperties.write(BrokerProperties.combinedNode(data, ports), directory.resolve("server.properties"));
        Path logback = directory.resolve("logback.xml");
        try (InputStream in = ChildProcessKafka.class.getResourceAsStream("child-broker-logback.xml")) {
            Files.copy(in, logback, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + logback, e);
        }
        jvm = new ChildJvm(ChildClasspath.forBroker(), logback);
    }

    /** Polls the broker port; the pause between attempts is a wait on the process's exit. */
    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!accepts(ports.broker())) {
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("child Kafka broker pid " + process.pid() + " did not open "
                        + ports.bootstrapServers() + " within " + START_TIMEOUT_MS + " ms; output:\n"
                        + ChildJvm.tail(directory.resolve("broker.log")));
            }
            try {
                int exit = process.onExit().get(100, TimeUnit.MILLISECONDS).exitValue();
                throw new IllegalStateException("child Kafka broker exited with " + exit + " while starting; output:\n"
                        + ChildJvm.tail(directory.resolve("broker.log")));
            } catch (TimeoutException stillStarting) {
                // expected: not listening yet and still alive, try again
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for the child Kafka broker failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the child Kafka broker", e);
            }
        }
        TopicAdmin.awaitCluster(ports.bootstrapServers());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(BrokerPorts.HOST, port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
