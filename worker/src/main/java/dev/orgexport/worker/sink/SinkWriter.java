package dev.orgexport.worker.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one export file: records in, one compact JSON line each, counted and hashed as
 * uncompressed NDJSON ({@link NdjsonGzipStream}), gzip-compressed into a temporary file. {@link #commit} puts the file in
 * place; {@link #close} without a commit removes the temporary file. Not thread-safe: one
 * export writes one file.
 */
public final class SinkWriter implements WindowWriter {

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final NdjsonGzipStream ndjson;
    private final GZIPOutputStream out;
    private boolean finished;

    SinkWriter(Path target, Path temporary) throws IOException {
        this.target = target;
        this.temporary = temporary;
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            this.ndjson = new NdjsonGzipStream(new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024), 8192,
                    target.toString(), "cannot write " + temporary);
            this.out = ndjson.gzip();
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(temporary);
            throw new IOException("cannot start " + temporary + ": " + e, e);
        }
    }

    @Override
    public void write(JsonNode record) {
        requireOpen();
        ndjson.write(record);
    }

    @Override
    public String sha256SoFar() {
        return ndjson.sha256SoFar();
    }

    /** Uncompressed NDJSON bytes written so far. */
    @Override
    public long bytes() {
        return ndjson.bytes();
    }

    @Override
    public long records() {
        return ndjson.records();
    }

    /**
     * Finishes the file and puts it in place atomically with mode 0640: gzip trailer, fsync of
     * the file, a no-replace link to the target name, fsync of the directory. When the target
     * already exists (a previous attempt put it there and died before recording the run), it is
     * replaced only if {@code mayReplace} says the caller still holds the run; else the new file
     * is dropped and {@link SinkConflictException} thrown. This keeps a SUCCEEDED run's file
     * from ever being rewritten by a writer that lost its lease.
     */
    @Override
    public SinkResult commit(BooleanSupplier mayReplace) {
        requireOpen();
        finished = true;
        try {
            out.finish(); // the gzip trailer
            out.flush();
            channel.force(true);
            out.close();
        } catch (IOException e) {
            closeQuietly();
            deleteTemporary();
            throw new SinkException("cannot finish " + temporary + ": " + e, e);
        }
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(FileSink.FILE_MODE));
            place(mayReplace);
            syncDirectory(target.getParent());
        } catch (IOException e) {
            deleteTemporary();
            throw new SinkException("cannot put " + target + " in place: " + e, e);
        }
        return new SinkResult(target.toString(), ndjson.records(), ndjson.bytes(), ndjson.sha256());
    }

    private void place(BooleanSupplier mayReplace) throws IOException {
        try {
            // link(2) never replaces: the file appears complete or not at all, and an existing one stays.
            Files.createLink(target, temporary);
            Files.delete(temporary);
            return;
        } catch (FileAlreadyExistsException e) {
            if (!mayReplace.getAsBoolean()) {
                deleteTemporary();
                throw new SinkConflictException(target + " exists and this writer no longer holds its run; left unchanged");
            }
        } catch (UnsupportedOperationException e) {
            // A file system without hard links: fall back to the check, then rename.
            if (Files.exists(target) && !mayReplace.getAsBoolean()) {
                deleteTemporary();
                throw new SinkConflictException(target + " exists and this writer no longer holds its run; left unchanged");
            }
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void syncDirectory(Path directory) throws IOException {
        // The rename is durable only once the directory entry is: fsync the directory too.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Removes the temporary file unless committed. Safe to call more than once. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        closeQuietly();
        deleteTemporary();
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            // The file is dropped anyway.
        }
    }

    private void deleteTemporary() {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // Left behind: a temporary name never collides with a real export file.
        }
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("writer of " + target + " is already committed or closed");
        }
    }

    Path temporary() {
        return temporary;
    }
}
