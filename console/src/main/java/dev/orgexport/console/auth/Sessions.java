package dev.orgexport.console.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in browsers, in memory: a session id (the cookie) names an operator and the CSRF token
 * its forms carry. Sessions end at sign-out, after their lifetime, or when the process restarts
 * (then the operator signs in again). Thread-safe.
 */
public final class Sessions {

    /** One signed-in browser. */
    public record Session(String id, Operator operator, String csrfToken, Instant expires) {
    }

    private static final int MAX_SESSIONS = 10_000;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration lifetime;

    public Sessions(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Session open(Operator operator) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> !s.expires().isAfter(now));
        }
        Session session = new Session(randomToken(), operator, randomToken(), now.plus(lifetime));
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session of this id, if any; an expired one is forgotten. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session != null && !session.expires().isAfter(clock.instant())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.ofNullable(session);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public Duration lifetime() {
        return lifetime;
    }

    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
