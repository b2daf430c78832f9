package dev.orgexport.platform.resilience;

import dev.orgexport.platform.event.BreakerState;
import dev.orgexport.platform.event.BreakerTransition;
import dev.orgexport.platform.event.PlatformListener;
import dev.orgexport.platform.failure.FailureDetails;
import dev.orgexport.platform.failure.CircuitOpenException;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.failure.PlatformException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j circuit breaker per org, from a {@link CircuitBreakerRegistry} (named by org
 * id, so Resilience4j's Micrometer binding tags meters by org), created on first use and evicted
 * when idle. See {@link BreakerSettings} for when a breaker opens.
 *
 * <p>An open breaker fails a call at once with a
 * {@link dev.orgexport.platform.failure.CircuitOpenException} that carries its reopen time: no
 * HTTP request is made. State changes are logged and reported to the {@link PlatformListener} with
 * the reopen time and the failure that opened the breaker. Thread-safe.
 */
public final class OrgCircuits {

    private static final Logger LOG = LoggerFactory.getLogger(OrgCircuits.class);

    private final BreakerSettings settings;
    private final Clock clock;
    private final PlatformListener listener;
    private final CircuitBreakerRegistry registry;
    private final ConcurrentMap<String, OrgCircuit> circuits = new ConcurrentHashMap<>();

    public OrgCircuits(BreakerSettings settings, Clock clock, PlatformListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.transientOpenWait())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenProbes())
                .clock(clock)
                // Only an unavailable platform counts as a failure; credential failures are handled
                // below (open at once), and any other answer proves the platform is up.
                .ignoreException(OrgCircuits::credentialFailure)
                .recordException(t -> kind(t) == FailureKind.PLATFORM_UNAVAILABLE)
                .writableStackTraceEnabled(false)
                .build());
    }

    /** The registry, for {@code TaggedCircuitBreakerMetrics}. */
    public CircuitBreakerRegistry registry() {
        return registry;
    }

    /**
     * Runs {@code call} if the org's breaker permits it, and records its outcome. When it does
     * not, returns a future failed with {@link dev.orgexport.platform.failure.CircuitOpenException}
     * without calling {@code call}.
     */
    public <T> CompletableFuture<T> guard(String orgId, Supplier<CompletableFuture<T>> call) {
        OrgCircuit circuit = circuit(orgId);
        if (!circuit.breaker.tryAcquirePermission()) {
            return CompletableFuture.failedFuture(circuit.openException(clock.instant()));
        }
        long start = circuit.breaker.getCurrentTimestamp();
        CompletableFuture<T> result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((value, error) -> {
            long elapsed = circuit.breaker.getCurrentTimestamp() - start;
            if (error == null) {
                circuit.breaker.onSuccess(elapsed, circuit.breaker.getTimestampUnit());
                return;
            }
            PlatformException failure = PlatformException.unwrap(error).orElse(null);
            if (failure instanceof CircuitOpenException) {
                // Stopped by stillPermitted: the breaker already opened for this failure; counting
                // it again would push the reopen time further out.
                circuit.breaker.releasePermission();
                return;
            }
            if (failure != null && failure.kind() == FailureKind.PLATFORM_UNAVAILABLE) {
                circuit.lastTransientFailure = failure.details();
            }
            circuit.breaker.onError(elapsed, circuit.breaker.getTimestampUnit(), error);
            if (failure != null && failure.kind().credentialFailure()) {
                openForCredentials(circuit, failure.details());
            }
        });
    }

    /**
     * For a call the breaker let in that then waited (for a rate-limit permit): fails it with
     * {@link CircuitOpenException} when the org's breaker opened meanwhile, so that calls queued
     * behind a rejected credential do not each send their own token request.
     */
    public CompletableFuture<Void> stillPermitted(String orgId) {
        OrgCircuit circuit = circuits.get(orgId);
        if (circuit != null && circuit.state() == BreakerState.OPEN) {
            return CompletableFuture.failedFuture(circuit.openException(clock.instant()));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The org's breaker state now; CLOSED for an org without a breaker. */
    public BreakerView view(String orgId) {
        OrgCircuit circuit = circuits.get(orgId);
        if (circuit == null) {
            return new BreakerView(orgId, BreakerState.CLOSED, null, null);
        }
        BreakerState state = circuit.state();
        FailureDetails cause = circuit.openedBy;
        return state == BreakerState.OPEN
                ? new BreakerView(orgId, state, circuit.reopenAt, cause == null ? null : cause.kind())
                : new BreakerView(orgId, state, null, null);
    }

    /**
     * Closes the org's breaker now, whatever its state (an operator fixed the org and released
     * it): the next call goes through. Reported to the listener like any other transition.
     *
     * @return true when the breaker was not closed before
     */
    public boolean close(String orgId) {
        OrgCircuit circuit = circuits.get(orgId);
        if (circuit == null) {
            return false;
        }
        synchronized (circuit) {
            if (circuit.breaker.getState() == CircuitBreaker.State.CLOSED) {
                return false;
            }
            circuit.breaker.transitionToClosedState();
            return true;
        }
    }

    /** Count of breakers per state, for a gauge. */
    public Map<BreakerState, Integer> countByState() {
        Map<BreakerState, Integer> counts = new EnumMap<>(BreakerState.class);
        for (BreakerState state : BreakerState.values()) {
            counts.put(state, 0);
        }
        circuits.values().forEach(c -> counts.merge(c.state(), 1, Integer::sum));
        return counts;
    }

    /**
     * Forgets breakers unused for {@code idleMillis} that are closed, or open with their reopen
     * time passed: evicting a breaker that still holds an org back would let its calls through.
     */
    public int evictIdle(long idleMillis) {
        long now = clock.millis();
        Instant nowInstant = clock.instant();
        int evicted = 0;
        for (OrgCircuit circuit : circuits.values()) {
            BreakerState state = circuit.state();
            Instant until = circuit.reopenAt;
            boolean holding = state == BreakerState.HALF_OPEN
                    || (state == BreakerState.OPEN && (until == null || until.isAfter(nowInstant)));
            if (now - circuit.lastUsedMillis >= idleMillis && !holding && circuits.remove(circuit.orgId, circuit)) {
                registry.remove(circuit.orgId);
                evicted++;
            }
        }
        return evicted;
    }

    public int size() {
        return circuits.size();
    }

    private OrgCircuit circuit(String orgId) {
        long now = clock.millis();
        OrgCircuit circuit = circuits.get(orgId);
        if (circuit == null) {
            circuit = circuits.computeIfAbsent(orgId, id -> {
                OrgCircuit created = new OrgCircuit(id, registry.circuitBreaker(id), now);
                created.breaker.getEventPublisher().onStateTransition(
                        event -> onTransition(created, event.getStateTransition()));
                return created;
            });
        }
        circuit.lastUsedMillis = now;
        return circuit;
    }

    private void openForCredentials(OrgCircuit circuit, FailureDetails cause) {
        synchronized (circuit) {
            Instant until = clock.instant().plus(settings.credentialOpenWait());
            boolean wasOpen = circuit.breaker.getState() == CircuitBreaker.State.OPEN;
            circuit.openedBy = cause;
            circuit.pendingCredentialOpenUntil = until;
            try {
                circuit.breaker.transitionToOpenStateUntil(until);
            } finally {
                circuit.pendingCredentialOpenUntil = null;
            }
            if (wasOpen) {
                // OPEN -> OPEN publishes no event in Resilience4j; the reopen time still moved.
                circuit.reopenAt = until;
                report(circuit, BreakerState.OPEN, BreakerState.OPEN, until, cause);
            }
        }
    }

    private void onTransition(OrgCircuit circuit, CircuitBreaker.StateTransition transition) {
        BreakerState from = OrgCircuit.map(transition.getFromState());
        BreakerState to = OrgCircuit.map(transition.getToState());
        if (to != BreakerState.OPEN) {
            circuit.reopenAt = null;
            report(circuit, from, to, null, null);
            return;
        }
        Instant credentialUntil = circuit.pendingCredentialOpenUntil;
        Instant until;
        FailureDetails cause;
        if (credentialUntil != null) {
            until = credentialUntil;
            cause = circuit.openedBy;
        } else {
            until = clock.instant().plus(settings.transientOpenWait());
            cause = circuit.lastTransientFailure;
            circuit.openedBy = cause;
        }
        circuit.reopenAt = until;
        report(circuit, from, to, until, cause);
    }

    private void report(OrgCircuit circuit, BreakerState from, BreakerState to, Instant reopenAt, FailureDetails cause) {
        if (to == BreakerState.OPEN) {
            LOG.warn("org {}: circuit breaker {} -> OPEN until {} ({}); no platform calls for this org until then",
                    circuit.orgId, from, reopenAt, cause == null ? "no failure recorded" : cause.describe());
        } else {
            LOG.info("org {}: circuit breaker {} -> {}", circuit.orgId, from, to);
        }
        listener.breakerTransition(new BreakerTransition(circuit.orgId, from, to, clock.instant(), reopenAt,
                cause == null ? null : cause.kind(), cause == null ? null : cause.describe()));
    }

    private static boolean credentialFailure(Throwable thrown) {
        FailureKind kind = kind(thrown);
        return kind != null && kind.credentialFailure();
    }

    private static FailureKind kind(Throwable thrown) {
        return PlatformException.unwrap(thrown).map(PlatformException::kind).orElse(null);
    }
}
