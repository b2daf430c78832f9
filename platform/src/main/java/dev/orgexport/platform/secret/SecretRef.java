package dev.orgexport.platform.secret;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an org's client secret is: {@code env:NAME} (an environment variable) or
 * {@code file:/absolute/path}. Only the reference is held here, never the secret, so this
 * record can be logged, stored and printed freely. The same syntax as the {@code org.secret_ref}
 * column's check constraint.
 *
 * @param scheme   where to look
 * @param location the variable name or the absolute file path
 */
public record SecretRef(Scheme scheme, String location) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The kinds of place a secret can be. */
    public enum Scheme { ENV, FILE }

    public SecretRef {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(location, "location");
        if (scheme == Scheme.ENV && !ENV_NAME.matcher(location).matches()) {
            // Not echoed: "env:" followed by the secret itself is a common slip.
            throw new IllegalArgumentException("env secret reference must name a variable matching "
                    + ENV_NAME.pattern() + " (the value given is not shown)");
        }
        if (scheme == Scheme.FILE && (!location.startsWith("/") || location.length() < 2)) {
            throw new IllegalArgumentException("file secret reference must be an absolute path (the value given is not shown)");
        }
    }

    /**
     * Parses {@code env:NAME} or {@code file:/path}.
     *
     * @throws IllegalArgumentException naming the accepted forms, never the value: a value that is
     *                                  not a reference is most often the secret itself
     */
    public static SecretRef parse(String reference) {
        Objects.requireNonNull(reference, "secret reference");
        if (reference.startsWith("env:")) {
            return new SecretRef(Scheme.ENV, reference.substring(4));
        }
        if (reference.startsWith("file:")) {
            return new SecretRef(Scheme.FILE, reference.substring(5));
        }
        throw new IllegalArgumentException("secret reference must be env:NAME or file:/path; the value given is not "
                + "a reference (not shown, as it may be the secret itself)");
    }

    /** The reference as written: {@code env:NAME} or {@code file:/path}. */
    @Override
    public String toString() {
        return (scheme == Scheme.ENV ? "env:" : "file:") + location;
    }
}
