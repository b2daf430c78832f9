package dev.orgexport.schema;

/**
 * The one unchecked exception root of orgexport. Subclasses name a meaningful failure
 * (an invalid task, an unreachable database, a classified platform failure); whether a
 * failure is retryable is decided where it is classified, not by catching this type.
 * Messages never contain a secret or a token.
 */
public class OrgexportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OrgexportException(String message) {
        super(message);
    }

    public OrgexportException(String message, Throwable cause) {
        super(message, cause);
    }
}
