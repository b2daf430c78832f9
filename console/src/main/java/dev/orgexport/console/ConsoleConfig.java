package dev.orgexport.console;

import dev.orgexport.platform.secret.SecretRef;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How the console lets operators in. Credentials are only ever references ({@code env:NAME} or
 * {@code file:/path}); a value that is not one is refused with a message naming the key and never
 * the value, since it may be the secret itself.
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

    /** Reads the {@code console.*} keys; absent keys take their defaults. */
    public static ConsoleConfig fromProperties(Map<String, String> properties) {
        return new ConsoleConfig(reference(properties, TOKEN_KEY), reference(properties, BASIC_KEY),
                flag(properties, READ_ONLY_KEY), DEFAULT_SESSION_LIFETIME);
    }

    /** True when some way of signing in is configured. */
    public boolean authConfigured() {
        return operatorToken != null || basicCredentials != null;
    }

    private static SecretRef reference(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return SecretRef.parse(value.strip());
        } catch (IllegalArgumentException e) {
            // The message of parse() quotes the value, which may be a pasted secret: not repeated here.
            throw new IllegalArgumentException(key + " must be a reference, env:NAME or file:/absolute/path; the value "
                    + "given is not one and is not shown, in case it is the secret itself");
        }
    }

    private static boolean flag(Map<String, String> properties, String key) {
        String value = properties.getOrDefault(key, "false").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, but was '" + value + "'");
        };
    }
}
