package dev.orgexport.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows guessing: after {@value #MAX_FAILURES} refused credentials from one address, each within
 * {@link #WINDOW} of the one before, that address is refused without a check until {@link #WINDOW}
 * after its latest failure. A success forgets the address's failures. In memory, per process.
 * Thread-safe.
 */
public final class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, Instant latest) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the address must wait before it may try again; empty when it may try now. */
    public Optional<Duration> blocked(String address) {
        Failures seen = failures.get(address);
        Instant now = clock.instant();
        if (seen == null || seen.count() < MAX_FAILURES) {
            return Optional.empty();
        }
        Instant until = seen.latest().plus(WINDOW);
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    public void failed(String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ADDRESSES) {
            failures.values().removeIf(f -> f.latest().plus(WINDOW).isBefore(now));
        }
        failures.compute(address, (key, seen) -> seen == null || seen.latest().plus(WINDOW).isBefore(now)
                ? new Failures(1, now) : new Failures(seen.count() + 1, now));
    }

    public void succeeded(String address) {
        failures.remove(address);
    }
}
