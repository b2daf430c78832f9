package dev.orgexport.worker.sink;

/**
 * Where finished export windows go: files under one directory ({@link FileSink}) or objects in an
 * S3-compatible bucket ({@code sink.s3.S3Sink}). Every sink keeps the same promises: a window
 * appears only complete, a retry of the same attempt is idempotent, and a window already in place
 * is replaced only by a writer that still holds its run. Thread-safe; writers are not.
 */
public interface Sink extends AutoCloseable {

    /** Starts writing the window of {@code target}; nothing is visible until its writer commits. */
    WindowWriter open(WindowTarget target);

    /** Where this sink writes, for logs: a directory or an {@code s3://bucket/prefix} URI. */
    String describe();

    /** Releases the sink's clients; writers still open fail. */
    @Override
    void close();
}
