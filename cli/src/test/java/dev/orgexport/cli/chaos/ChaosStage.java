package dev.orgexport.cli.chaos;

import dev.orgexport.devstack.kafka.ChildProcessKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real processes of the chaos suite: a PostgreSQL server on a fixed port and data directory
 * (so it can be stopped and started again), a Kafka broker in a child JVM (so it can be killed
 * with SIGKILL), and orgexport processes, each a child JVM running {@code Main} with this JVM's
 * class path, its output in a file. Closing stops everything it started.
 */
final class ChaosStage implements AutoCloseable {

    static final String DATABASE = "chaos";

    private final Path directory;
    private final int postgresPort;
    private EmbeddedPostgres postgres;
    private final ChildProcessKafka kafka;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    ChaosStage(Path directory) {
        this.directory = directory;
        this.postgresPort = freePort();
        startPostgres();
        try (Connection connection = DriverManager.getConnection(adminUrl(), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
        this.kafka = ChildProcessKafka.inDirectory(directory.resolve("kafka")).start();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + DATABASE;
    }

    private String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    ChildProcessKafka kafka() {
        return kafka;
    }

    private void startPostgres() {
        try {
            postgres = EmbeddedPostgres.builder().setDataDirectory(directory.resolve("pgdata"))
                    .setCleanDataDirectory(false).setPort(postgresPort).setRegisterShutdownHook(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + postgresPort, e);
        }
    }

    /** Stops PostgreSQL (every connection breaks) and starts it again on the same data and port. */
    void restartPostgres() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startPostgres();
    }

    /** {@code orgexport <args>} in a child JVM; output (both streams) to {@code <name>.log}. */
    Process launch(String name, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add(1, "-Dlogback.configurationFile=" + logback);
        }
        command.add("dev.orgexport.cli.Main");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            processes.put(name, process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** SIGKILL: no shutdown hook, no lease given back, no offset committed. */
    static void kill9(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    Path log(String name) {
        return directory.resolve(name + ".log");
    }

    List<Path> logs() {
        return processes.keySet().stream().map(this::log).toList();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        kafka.close();
        postgres.close();
    }
}
