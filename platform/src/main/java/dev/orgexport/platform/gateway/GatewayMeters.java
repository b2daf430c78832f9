package dev.orgexport.platform.gateway;

import dev.orgexport.platform.event.BreakerState;
import dev.orgexport.platform.resilience.OrgCircuits;
import dev.orgexport.platform.resilience.OrgRateLimiters;
import dev.orgexport.platform.resilience.ResilientCalls;
import dev.orgexport.platform.token.TokenBroker;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's Micrometer meters (all named {@code orgexport.platform.*}, plus Resilience4j's
 * own {@code resilience4j.*}):
 * <ul>
 *   <li>{@code token.cache.hits}, {@code token.refreshes.ahead}, {@code token.requests},
 *       {@code token.failures} (counters), {@code token.cached} (gauge of cached slots);</li>
 *   <li>{@code tokens.issued}, {@code auth.failures{kind}}, {@code breaker.transitions{to}},
 *       {@code retries{operation,kind}} (counters, from events);</li>
 *   <li>{@code calls{operation,outcome}} (timer of logical calls), {@code reauthentications};</li>
 *   <li>{@code breakers{state}} (gauge), {@code ratelimit.delayed} and {@code ratelimit.wait}
 *       (calls that waited for a permit, and for how long);</li>
 *   <li>Resilience4j's per-org breaker meters (optional, {@code BreakerSettings.perOrgMeters})
 *       and per-operation retry meters.</li>
 * </ul>
 */
final class GatewayMeters {

    private GatewayMeters() {
    }

    static void bind(MeterRegistry meters, TokenBroker tokens, OrgCircuits circuits, OrgRateLimiters limiters,
                     ResilientCalls resilient, boolean perOrgBreakerMeters) {
        FunctionCounter.builder("orgexport.platform.token.cache.hits", tokens, TokenBroker::cacheHits).register(meters);
        FunctionCounter.builder("orgexport.platform.token.refreshes.ahead", tokens, TokenBroker::refreshesAhead)
                .register(meters);
        FunctionCounter.builder("orgexport.platform.token.requests", tokens, TokenBroker::tokenRequests).register(meters);
        FunctionCounter.builder("orgexport.platform.token.failures", tokens, TokenBroker::tokenFailures).register(meters);
        Gauge.builder("orgexport.platform.token.cached", tokens, TokenBroker::size).register(meters);
        for (BreakerState state : BreakerState.values()) {
            Gauge.builder("orgexport.platform.breakers", circuits, c -> c.countByState().get(state))
                    .tag("state", state.name()).register(meters);
        }
        FunctionCounter.builder("orgexport.platform.ratelimit.delayed", limiters, OrgRateLimiters::delayedCalls)
                .register(meters);
        FunctionCounter.builder("orgexport.platform.ratelimit.wait", limiters,
                        l -> l.delayedNanos() / (double) TimeUnit.SECONDS.toNanos(1))
                .baseUnit("seconds").register(meters);
        if (perOrgBreakerMeters) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuits.registry()).bindTo(meters);
        }
        TaggedRetryMetrics.ofRetryRegistry(resilient.registry()).bindTo(meters);
    }
}
