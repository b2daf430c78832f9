package dev.orgexport.console.auth;

import dev.orgexport.console.ConsoleConfig;
import dev.orgexport.console.http.Request;
import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.secret.SecretUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells who is asking. A browser signs in once with the form (the operator token and a name, or
 * a basic-auth user and password) and then carries a session cookie; a script sends
 * {@code Authorization: Bearer <token>} or {@code Authorization: Basic ...} with each request.
 * Credentials are read from their reference at each check, so a rotated token or password file
 * takes effect without a restart; they never reach a log line or a page.
 *
 * <p>CSRF: every form of a signed-in browser carries its session's token; a basic-auth caller's
 * forms carry a token derived from the user with a per-process key (the browser replays basic
 * credentials by itself, so its POSTs need one too); a bearer caller needs none, since no browser
 * sends that header on its own. Thread-safe.
 */
public final class OperatorAuth {

    public static final String COOKIE = "orgexport_console";
    private static final Logger log = LoggerFactory.getLogger(OperatorAuth.class);
    private static final Pattern OPERATOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@ -]{0,63}");

    /** An authenticated caller; {@code csrfToken} is null for a bearer caller, who needs none. */
    public record Caller(Operator operator, String csrfToken, String sessionId) {
    }

    private final ConsoleConfig config;
    private final SecretResolver secrets;
    private final Sessions sessions;
    private final SignInThrottle throttle;
    private final byte[] csrfKey = new byte[32];

    public OperatorAuth(ConsoleConfig config, SecretResolver secrets, Sessions sessions, SignInThrottle throttle) {
        this.config = config;
        this.secrets = secrets;
        this.sessions = sessions;
        this.throttle = throttle;
        new SecureRandom().nextBytes(csrfKey);
    }

    /** The caller, when the request carries valid credentials or a live session. */
    public Optional<Caller> identify(Request request) {
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isPresent()) {
            if (throttle.blocked(request.remoteAddress()).isPresent()) {
                return Optional.empty();
            }
            Optional<Caller> caller = fromHeader(authorization.get());
            if (caller.isEmpty()) {
                throttle.failed(request.remoteAddress());
            }
            return caller;
        }
        return sessions.find(request.cookies().get(COOKIE))
                .map(s -> new Caller(s.operator(), s.csrfToken(), s.id()));
    }

    /** How long {@code address} must wait before its next sign-in attempt, after too many refused ones. */
    public Optional<java.time.Duration> blocked(String address) {
        return throttle.blocked(address);
    }

    /** Checks the sign-in form; a session on success. Call {@link #blocked} first. */
    public Optional<Sessions.Session> signIn(String name, String secret, String address) {
        Optional<Operator> operator = name == null || secret == null ? Optional.empty() : verify(name.strip(), secret);
        if (operator.isEmpty()) {
            throttle.failed(address);
            log.warn("console sign-in refused from {}", address);
            return Optional.empty();
        }
        throttle.succeeded(address);
        log.info("console sign-in operator={} method={} from={}", operator.get().name(), operator.get().method(), address);
        return Optional.of(sessions.open(operator.get()));
    }

    public void signOut(String sessionId) {
        sessions.close(sessionId);
    }

    /** True when the form's token is the caller's; always true for a bearer caller. */
    public boolean csrfValid(Caller caller, String submitted) {
        if (caller.csrfToken() == null) {
            return true;
        }
        return submitted != null && MessageDigest.isEqual(caller.csrfToken().getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }

    public ConsoleConfig config() {
        return config;
    }

    public Sessions sessions() {
        return sessions;
    }

    private Optional<Caller> fromHeader(String authorization) {
        String lower = authorization.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ") && config.operatorToken() != null) {
            return matches(config.operatorToken(), authorization.substring(7).strip())
                    ? Optional.of(new Caller(new Operator("bearer-token", "operator token"), null, null))
                    : Optional.empty();
        }
        if (lower.startsWith("basic ") && config.basicCredentials() != null) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            String user = decoded.substring(0, colon);
            return verify(user, decoded.substring(colon + 1))
                    .map(operator -> new Caller(operator, derivedCsrf("basic:" + user), null));
        }
        return Optional.empty();
    }

    private Optional<Operator> verify(String name, String secret) {
        if (!OPERATOR_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        if (config.operatorToken() != null) {
            return matches(config.operatorToken(), secret) ? Optional.of(new Operator(name, "operator token")) : Optional.empty();
        }
        if (config.basicCredentials() != null) {
            String lines = read(config.basicCredentials());
            boolean found = false;
            for (String line : lines == null ? new String[0] : lines.split("\\R")) {
                int colon = line.indexOf(':');
                // Every line is compared, so the time taken does not tell which user exists.
                found |= colon > 0 && line.substring(0, colon).equals(name)
                        & constantTimeEquals(line.substring(colon + 1), secret);
            }
            return found ? Optional.of(new Operator(name, "basic auth")) : Optional.empty();
        }
        return Optional.empty();
    }

    private boolean matches(SecretRef reference, String offered) {
        String expected = read(reference);
        return expected != null && constantTimeEquals(expected, offered);
    }

    private String read(SecretRef reference) {
        try {
            return secrets.resolve(reference).reveal();
        } catch (SecretUnavailableException e) {
            log.error("console credentials unavailable: {}", e.getMessage());
            return null;
        }
    }

    /** Compares digests, so neither the length nor the first differing character shows in the time taken. */
    private static boolean constantTimeEquals(String expected, String offered) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(offered.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String derivedCsrf(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(csrfKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
