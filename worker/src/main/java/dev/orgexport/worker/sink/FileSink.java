package dev.orgexport.worker.sink;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Export files under one root directory: {@code <root>/<org>/<kind>/<windowStart>_<windowEnd>.ndjson.gz},
 * instants in ISO-8601 basic format ({@code 20240501T000000Z}, with {@code .nnnnnnnnn} before
 * the {@code Z} when the instant has a fraction of a second). Each file is gzip-compressed
 * NDJSON written through a {@link SinkWriter}: a temporary file in the same directory, fsynced,
 * then atomically put in place with mode 0640, so a reader sees either no file or a complete one.
 * Thread-safe; writers are not.
 */
public final class FileSink implements Sink {

    static final String DIRECTORY_MODE = "rwxr-x---";
    static final String FILE_MODE = "rw-r-----";

    private final Path root;

    /**
     * @param root the output root; created (mode 0750) when missing
     * @throws SinkException when the root cannot be created or is not a writable directory
     */
    public FileSink(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        try {
            createDirectories(this.root);
        } catch (IOException e) {
            throw new SinkException("cannot create the output root " + this.root + ": " + e, e);
        }
        if (!Files.isDirectory(this.root) || !Files.isWritable(this.root)) {
            throw new SinkException("the output root " + this.root + " must be a writable directory", null);
        }
    }

    public Path root() {
        return root;
    }

    /** Where the file of (org, kind, window) lives, written or not. */
    public Path pathOf(String orgId, ExportKind kind, TimeWindow window) {
        return root.resolve(WindowNames.stem(orgId, kind, window) + WindowNames.EXPORT_SUFFIX);
    }

    @Override
    public SinkWriter open(WindowTarget target) {
        return open(root.resolve(target.stem() + WindowNames.EXPORT_SUFFIX), target.writerTag());
    }

    @Override
    public String describe() {
        return "files under " + root;
    }

    /** Nothing to release: writers own their files. */
    @Override
    public void close() {
    }

    /**
     * Starts writing the file of (org, kind, window) into a new temporary file next to it.
     *
     * @param writerTag names the writer in the temporary file's name (a worker id), for operators
     *                  who find one left behind by a crash
     */
    public SinkWriter open(String orgId, ExportKind kind, TimeWindow window, String writerTag) {
        return open(pathOf(orgId, kind, window), writerTag);
    }

    private SinkWriter open(Path target, String writerTag) {
        String tag = writerTag.replaceAll("[^A-Za-z0-9._-]", "_");
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + tag + "."
                + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        try {
            createDirectories(target.getParent());
            return new SinkWriter(target, temporary);
        } catch (IOException e) {
            throw new SinkException("cannot create " + temporary + ": " + e, e);
        }
    }

    static String basic(Instant instant) {
        return WindowNames.basic(instant);
    }

    private static void createDirectories(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(DIRECTORY_MODE)));
        }
    }
}
