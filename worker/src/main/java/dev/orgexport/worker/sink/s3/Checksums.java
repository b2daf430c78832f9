package dev.orgexport.worker.sink.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 as S3 carries it: base64 of the digest, and the composite of a multipart object. */
final class Checksums {

    private Checksums() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String base64Sha256(byte[] data, int length) {
        MessageDigest digest = sha256();
        digest.update(data, 0, length);
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    /**
     * What S3 reports for a multipart object uploaded with SHA-256 part checksums: the SHA-256 of
     * the parts' raw digests, concatenated in part order, then {@code -<parts>}.
     */
    static String composite(MessageDigest ofPartDigests, int parts) {
        return Base64.getEncoder().encodeToString(ofPartDigests.digest()) + "-" + parts;
    }
}
