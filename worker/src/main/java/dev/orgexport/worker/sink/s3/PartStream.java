package dev.orgexport.worker.sink.s3;

import java.io.OutputStream;

/**
 * Where the gzip stream goes: one buffer of exactly the part size, handed to the upload each time
 * it is full. This buffer is the only copy of the compressed window the worker holds, so memory
 * per export is one part whatever the window's size, and nothing touches the local disk.
 */
final class PartStream extends OutputStream {

    private final byte[] buffer;
    private final ObjectUpload upload;
    private int filled;

    PartStream(int partSize, ObjectUpload upload) {
        this.buffer = new byte[partSize];
        this.upload = upload;
    }

    @Override
    public void write(int b) {
        buffer[filled++] = (byte) b;
        if (filled == buffer.length) {
            flushPart();
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(data, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == buffer.length) {
                flushPart();
            }
        }
    }

    /** The tail not yet uploaded: at most one part, possibly empty. */
    byte[] tail() {
        return buffer;
    }

    int tailLength() {
        return filled;
    }

    private void flushPart() {
        // Only full parts go out before the end: S3 wants every part but the last to be >= 5 MiB.
        upload.part(buffer, filled);
        filled = 0;
    }
}
