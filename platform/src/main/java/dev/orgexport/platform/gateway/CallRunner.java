package dev.orgexport.platform.gateway;

import dev.orgexport.platform.api.AccessToken;
import dev.orgexport.platform.api.ApiTarget;
import dev.orgexport.platform.event.AuthFailure;
import dev.orgexport.platform.event.PlatformListener;
import dev.orgexport.platform.failure.CircuitOpenException;
import dev.orgexport.platform.failure.FailureContext;
import dev.orgexport.platform.failure.FailureDetails;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.failure.PlatformException;
import dev.orgexport.platform.region.RegionDirectory;
import dev.orgexport.platform.region.RegionEndpoints;
import dev.orgexport.platform.resilience.OrgCircuits;
import dev.orgexport.platform.resilience.OrgRateLimiters;
import dev.orgexport.platform.resilience.ResilientCalls;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.platform.token.TokenBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One logical call for one org, layered as DESIGN.md says:
 * <pre>
 * retry (transient failures, async waits)
 *   -> org circuit breaker (fail fast when open)
 *     -> rate-limit permit (scheduled, no parked thread), then the breaker asked again
 *       -> token (cache | single flight, verified)
 *         -> HTTP call; on 401: drop that token, new token, call once more
 * </pre>
 */
final class CallRunner {

    /** One platform request made with a token. */
    @FunctionalInterface
    interface ApiCall<T> {
        CompletableFuture<T> apply(ApiTarget target, AccessToken token);
    }

    private final RegionDirectory regions;
    private final TokenBroker tokens;
    private final OrgRateLimiters limiters;
    private final OrgCircuits circuits;
    private final ResilientCalls resilient;
    private final PlatformListener listener;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Calls not yet complete, with where they went, so that closing can fail them. */
    private final ConcurrentMap<CompletableFuture<?>, FailureContext> open = new ConcurrentHashMap<>();

    CallRunner(Parts parts) {
        this.regions = parts.regions();
        this.tokens = parts.tokens();
        this.limiters = parts.limiters();
        this.circuits = parts.circuits();
        this.resilient = parts.resilient();
        this.listener = parts.listener();
        this.clock = parts.clock();
        this.meters = parts.meters();
    }

    /** The collaborators of a {@link CallRunner}. */
    record Parts(RegionDirectory regions, TokenBroker tokens, OrgRateLimiters limiters, OrgCircuits circuits,
                 ResilientCalls resilient, PlatformListener listener, Clock clock, MeterRegistry meters) {
    }

    <T> CompletableFuture<T> run(OrgCredentials org, String operation, ApiCall<T> call) {
        RegionEndpoints endpoints;
        try {
            endpoints = regions.endpoints(org.regionId());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        ApiTarget target = new ApiTarget(org.orgId(), endpoints);
        Timer.Sample sample = Timer.start(meters);
        CompletableFuture<T> result = resilient.execute(org.orgId(), operation, () -> attempt(org, endpoints, target, call))
                .whenComplete((value, error) -> sample.stop(Timer.builder("orgexport.platform.calls")
                        .tag("operation", operation).tag("outcome", outcome(error)).register(meters)));
        open.put(result, new FailureContext(org.orgId(), endpoints.regionId(), endpoints.apiHost(), operation));
        result.whenComplete((value, error) -> open.remove(result));
        return result;
    }

    /**
     * Fails every call still waiting (for a retry, a permit or an answer) with a retryable
     * {@code PLATFORM_UNAVAILABLE}: once the gateway's threads stop, nothing else would complete them.
     */
    void failOpenCalls() {
        open.forEach((call, context) -> call.completeExceptionally(new PlatformException(
                FailureDetails.builder(FailureKind.PLATFORM_UNAVAILABLE, true).context(context)
                        .platformMessage("the platform gateway was closed while the call was in progress").build())));
    }

    private <T> CompletableFuture<T> attempt(OrgCredentials org, RegionEndpoints endpoints, ApiTarget target,
                                             ApiCall<T> call) {
        return permit(org, endpoints)
                .thenCompose(ready -> circuits.stillPermitted(org.orgId()))
                .thenCompose(ready -> tokens.token(org, endpoints))
                .thenCompose(token -> call.apply(target, token)
                        .exceptionallyCompose(error -> {
                            if (kind(error) != FailureKind.TOKEN_REJECTED) {
                                reportApiFailure(org, error);
                                return CompletableFuture.failedFuture(error);
                            }
                            // A 401 with a cached token: revoked, or expired early. Drop exactly that
                            // token and try once with a new one; a second 401 is TOKEN_REJECTED.
                            tokens.invalidate(org, endpoints, token);
                            meters.counter("orgexport.platform.reauthentications").increment();
                            return permit(org, endpoints)
                                    .thenCompose(ready -> tokens.token(org, endpoints))
                                    .thenCompose(fresh -> call.apply(target, fresh)
                                            .whenComplete((value, second) -> reportApiFailure(org, second)));
                        }));
    }

    private CompletableFuture<Void> permit(OrgCredentials org, RegionEndpoints endpoints) {
        String key = org.orgId() + "@" + endpoints.regionId() + "/" + org.clientId();
        return limiters.permit(key, org.orgId(), () -> new PlatformException(FailureDetails.builder(FailureKind.RATE_LIMITED, true)
                .context(new FailureContext(org.orgId(), endpoints.regionId(), endpoints.apiHost(), "local rate limiter"))
                .platformMessage("the org's local API budget is booked beyond the longest permitted wait")
                .retryAfter(Duration.ofMinutes(1))
                .build()));
    }

    /** API-side failures worth an audit row; token-side ones are reported by the broker. */
    private void reportApiFailure(OrgCredentials org, Throwable error) {
        if (error == null) {
            return;
        }
        PlatformException failure = PlatformException.unwrap(error).orElse(null);
        if (failure != null && (failure.kind() == FailureKind.TOKEN_REJECTED
                || failure.kind() == FailureKind.MISSING_PERMISSION)) {
            listener.authFailure(new AuthFailure(org.orgId(), org.clientId(), clock.instant(), failure));
        }
    }

    private static FailureKind kind(Throwable error) {
        return PlatformException.unwrap(error).map(PlatformException::kind).orElse(null);
    }

    private static String outcome(Throwable error) {
        if (error == null) {
            return "success";
        }
        PlatformException failure = PlatformException.unwrap(error).orElse(null);
        if (failure == null) {
            return "error";
        }
        return failure instanceof CircuitOpenException ? "circuit_open" : failure.kind().name();
    }
}
