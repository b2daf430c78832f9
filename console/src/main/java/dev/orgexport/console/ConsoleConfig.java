package dev.orgexport.console;

import dev.orgexport.platform.secret.SecretRef;
import java.time.Duration;

/**
 * How the console lets operators in. Credentials are only ever references ({@code env:NAME} or
 * {@code file:/path}); the CLI's configuration catalogue reads the keys named here and refuses a
 * literal value, naming the key and never the value.
 *
 * @param operatorToken       {@value #TOKEN_KEY}: the operator token, or null
 * @param basicCredentials    {@value #BASIC_KEY}: {@code user:password} lines, or null
 * @param readOnlyWithoutAuth {@value #READ_ONLY_KEY}: the read-only pages open without signing in
 * @param sessionLifetime     how long a sign-in lasts
 */
public record ConsoleConfig(SecretRef operatorToken, SecretRef basicCredentials, boolean readOnlyWithoutAuth,
                            Duration sessionLifetime) {

    public static final String TOKEN_KEY = "console.auth.token";
    public static final String BASIC_KEY = "console.auth.basic";
    public static final String READ_ONLY_KEY = "console.read-only-without-auth";
    /** A working day: long enough not to interrupt an incident, short enough that a forgotten tab expires. */
    public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofHours(8);

    public ConsoleConfig {
        if (operatorToken != null && basicCredentials != null) {
            throw new IllegalArgumentException(TOKEN_KEY + " and " + BASIC_KEY + " are exclusive: configure one way to "
                    + "sign in, but both were set");
        }
        if (sessionLifetime == null || sessionLifetime.isNegative() || sessionLifetime.isZero()
                || sessionLifetime.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("the console's session lifetime must be between 1 s and 7 days, but was "
                    + sessionLifetime);
        }
    }

    /** No credentials: the console shows a page saying how to configure them, and nothing else. */
    public static ConsoleConfig locked() {
        return new ConsoleConfig(null, null, false, DEFAULT_SESSION_LIFETIME);
    }

    /** True when some way of signing in is configured. */
    public boolean authConfigured() {
        return operatorToken != null || basicCredentials != null;
    }
}
