package dev.orgexport.worker.sink.s3;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 answers mean "a conditional write lost": the key exists, or changed since it was read. */
final class PreconditionFailures {

    private PreconditionFailures() {
    }

    /**
     * 412 Precondition Failed (If-None-Match or If-Match did not hold), 409 ConditionalRequestConflict
     * (another conditional write to the key is in progress), and 304, which some S3-compatible stores
     * answer to a conditional CompleteMultipartUpload on an existing key.
     */
    static boolean lost(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 304
                || (e.statusCode() == 409 && e.awsErrorDetails() != null
                && "ConditionalRequestConflict".equals(e.awsErrorDetails().errorCode()));
    }

    /** 404 NoSuchUpload: the upload was completed (a retried request whose first answer was lost) or aborted. */
    static boolean noSuchUpload(S3Exception e) {
        return e.statusCode() == 404 && e.awsErrorDetails() != null
                && "NoSuchUpload".equals(e.awsErrorDetails().errorCode());
    }
}
