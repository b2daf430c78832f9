package dev.orgexport.platform.secret;

import dev.orgexport.schema.OrgexportException;

/**
 * A secret reference cannot be resolved: the variable is unset or empty, or the file is missing,
 * unreadable or empty. The message names the reference and the reason, never any content.
 */
public final class SecretUnavailableException extends OrgexportException {

    private static final long serialVersionUID = 1L;

    SecretUnavailableException(SecretRef reference, String reason) {
        super("secret reference " + reference + " cannot be resolved: " + reason);
    }
}
