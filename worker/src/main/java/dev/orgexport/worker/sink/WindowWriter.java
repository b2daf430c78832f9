package dev.orgexport.worker.sink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BooleanSupplier;

/**
 * Writes one export window: records in, one compact JSON line each, counted and hashed as
 * uncompressed NDJSON while they stream, gzip-compressed on the way to the sink. Not thread-safe.
 */
public interface WindowWriter extends AutoCloseable {

    /** Appends one record as a line of compact JSON. */
    void write(JsonNode record);

    /** Records written so far. */
    long records();

    /** Uncompressed NDJSON bytes written so far (the paging guard's measure). */
    long bytes();

    /**
     * Lowercase hex SHA-256 of the uncompressed NDJSON written so far, without finishing the
     * writer: a re-export compares it with the newest version before putting a new one in place.
     */
    String sha256SoFar();

    /**
     * Puts the window in place, complete, or throws. When the sink already holds the window with
     * different content, it is replaced only if {@code mayReplace} says the caller still holds the
     * run; otherwise {@link SinkConflictException} is thrown and the sink is left unchanged.
     */
    SinkResult commit(BooleanSupplier mayReplace);

    /** Drops whatever is not committed. Safe to call more than once. */
    @Override
    void close();
}
