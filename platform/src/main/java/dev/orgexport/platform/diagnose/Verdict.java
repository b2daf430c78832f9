package dev.orgexport.platform.diagnose;

/** The cause a diagnosis settled on. */
public enum Verdict {
    /** Token issued, org verified, every checked export permitted. */
    HEALTHY,
    /** The configured region has no such region id. */
    UNKNOWN_REGION,
    /** The secret reference cannot be resolved. */
    SECRET_UNAVAILABLE,
    /** The credentials are rejected in the configured region but authenticate in another one. */
    WRONG_REGION,
    /** The configured region rejects the credentials and no probed region accepts them. */
    CREDENTIALS_REJECTED,
    /** No region (of those tried) knows the client id. */
    CLIENT_NOT_FOUND,
    /** The credentials are of another organization. */
    ORG_MISMATCH,
    /** A token was issued, then refused by the API. */
    TOKEN_REJECTED,
    /** The client lacks the permission of at least one checked export kind. */
    MISSING_PERMISSION,
    /** The platform could not be reached or failed. */
    PLATFORM_UNAVAILABLE
}
