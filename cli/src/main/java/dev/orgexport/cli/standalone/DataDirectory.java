package dev.orgexport.cli.standalone;

import dev.orgexport.cli.config.WorkerBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The data directory of {@code orgexport standalone} and what lives in it:
 * <pre>
 * DIR/postgres/   the PostgreSQL data directory (runs, orgs, audit trail, outbox)
 * DIR/kafka/      the Kafka broker's log directory (tasks, dead letters, events)
 * DIR/exports/    the export files (unless worker.output-root is set)
 * DIR/logs/       orgexport.log
 * DIR/operator.conf  the configuration operator commands use against this standalone (rewritten at each start)
 * DIR/standalone.lock
 * </pre>
 * Holding it means holding an OS file lock on {@code standalone.lock}: a second standalone on
 * the same directory is refused, and the lock goes away with the process, however it ends.
 */
final class DataDirectory implements AutoCloseable {

    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel channel, FileLock lock) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the directory when missing and locks it; refuses one that another process holds. */
    static DataDirectory lock(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve("standalone.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another orgexport standalone is running on the data directory " + root
                        + " (it holds " + root.resolve("standalone.lock") + ")");
            }
            return new DataDirectory(root, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data directory " + root + ": " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path exports() {
        return root.resolve("exports");
    }

    Path operatorConfig() {
        return root.resolve("operator.conf");
    }

    /**
     * The worker id of the standalone on this directory: the same at every start, and distinct
     * for another directory or machine sharing external servers ({@code standalone-<host>-<8 hex
     * of the directory's path>}).
     */
    String workerId() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(root.toString().getBytes(StandardCharsets.UTF_8));
            return WorkerBinding.hostWorkerId("standalone-", HexFormat.of().formatHex(digest, 0, 4));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    Path logFile() {
        return root.resolve("logs").resolve("orgexport.log");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + root.resolve("standalone.lock"), e);
        }
    }
}
