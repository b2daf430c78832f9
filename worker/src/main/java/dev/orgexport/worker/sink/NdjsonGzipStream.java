package dev.orgexport.worker.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.schema.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * What every sink's writer does with records: one compact JSON line each, counted and hashed as
 * uncompressed NDJSON (the facts on the run and in the manifest), gzip-compressed into the
 * sink's own stream (a temporary file, S3 parts). Kept in one place so the file and the S3 sink
 * can never disagree on a window's count, bytes or SHA-256. Not thread-safe.
 */
public final class NdjsonGzipStream {

    private static final byte NEWLINE = '\n';

    private final ObjectMapper mapper = Json.mapper();
    private final MessageDigest digest;
    private final GZIPOutputStream out;
    private final String name;
    private final String writeFailure;
    private long records;
    private long bytes;

    /**
     * @param sink         where the gzip bytes go
     * @param gzipBuffer   the deflater's output buffer size
     * @param name         what the records go into, for "cannot serialize record N of ..." messages
     * @param writeFailure the start of the message when the sink refuses bytes ("cannot write /tmp/x")
     * @throws IOException when the gzip header cannot be written
     */
    public NdjsonGzipStream(OutputStream sink, int gzipBuffer, String name, String writeFailure) throws IOException {
        this.name = name;
        this.writeFailure = writeFailure;
        this.digest = newSha256();
        this.out = new GZIPOutputStream(sink, gzipBuffer);
    }

    /** Appends one record as a line of compact JSON. */
    public void write(JsonNode record) {
        byte[] line;
        try {
            line = mapper.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new SinkException("cannot serialize record " + (records + 1) + " of " + name, e);
        }
        digest.update(line);
        digest.update(NEWLINE);
        try {
            out.write(line);
            out.write(NEWLINE);
        } catch (IOException e) {
            throw new SinkException(writeFailure + ": " + e, e);
        }
        records++;
        bytes += line.length + 1;
    }

    /** Lowercase hex SHA-256 of the NDJSON written so far, without ending the digest. */
    public String sha256SoFar() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    /** Lowercase hex SHA-256 of all the NDJSON written; ends the digest, so call it once, at commit. */
    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    public long records() {
        return records;
    }

    /** Uncompressed NDJSON bytes written so far. */
    public long bytes() {
        return bytes;
    }

    /** The gzip stream itself, for the writer's finish, flush and close. */
    public GZIPOutputStream gzip() {
        return out;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
