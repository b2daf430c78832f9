package dev.orgexport.platform.resilience;

import dev.orgexport.platform.event.PlatformListener;
import dev.orgexport.platform.event.RetryScheduled;
import dev.orgexport.platform.failure.CircuitOpenException;
import dev.orgexport.platform.failure.PlatformException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one logical platform call: Resilience4j {@link Retry} (async, waits scheduled on the given
 * scheduler, so no thread is parked per waiting org) around the org's circuit breaker around one
 * attempt. The breaker sees every attempt, so an outage opens it during the first calls' retries
 * and the remaining attempts fail fast. Only failures the classifier marked retryable are retried
 * (never an open breaker), a 429 after its {@code Retry-After} (when at most
 * {@link RetrySettings#maxRetryAfter()}). One {@link Retry} per operation name, from a
 * {@link RetryRegistry} whose meters Resilience4j's Micrometer binding can publish. Thread-safe.
 */
public final class ResilientCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientCalls.class);

    private final OrgCircuits circuits;
    private final ScheduledExecutorService scheduler;
    private final PlatformListener listener;
    private final RetryRegistry registry;

    public ResilientCalls(RetrySettings settings, OrgCircuits circuits, ScheduledExecutorService scheduler,
                          RandomGenerator random, PlatformListener listener) {
        this.circuits = Objects.requireNonNull(circuits, "circuits");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        Duration maxRetryAfter = settings.maxRetryAfter();
        this.registry = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction(new FullJitterBackoff(settings.initialBackoff(), settings.maxBackoff(), random))
                .retryOnException(thrown -> retryable(thrown, maxRetryAfter))
                .failAfterMaxAttempts(false)
                .writableStackTraceEnabled(false)
                .build());
        registry.getEventPublisher().onEntryAdded(added -> reportRetries(added.getAddedEntry()));
    }

    /** The registry, for {@code TaggedRetryMetrics}. */
    public RetryRegistry registry() {
        return registry;
    }

    /**
     * Runs {@code attempt} under the org's breaker, retrying transient failures.
     *
     * @param operation names the Retry instance (and its meters), e.g. {@code submit}
     * @return the first successful attempt's value, or the last failure
     */
    public <T> CompletableFuture<T> execute(String orgId, String operation, Supplier<CompletableFuture<T>> attempt) {
        Retry retry = registry.retry(operation);
        return retry.executeCompletionStage(scheduler, () -> circuits.guard(orgId, attempt)).toCompletableFuture();
    }

    private void reportRetries(Retry retry) {
        String operation = retry.getName();
        retry.getEventPublisher().onRetry(event -> {
            PlatformException failure = PlatformException.unwrap(event.getLastThrowable()).orElse(null);
            if (failure == null) {
                return;
            }
            LOG.info("org {}: {} attempt {} failed ({}); retrying in {} ms", failure.orgId(), operation,
                    event.getNumberOfRetryAttempts(), failure.kind(), event.getWaitInterval().toMillis());
            listener.retryScheduled(new RetryScheduled(failure.orgId(), operation, event.getNumberOfRetryAttempts(),
                    event.getWaitInterval(), failure));
        });
    }

    private static boolean retryable(Throwable thrown, Duration maxRetryAfter) {
        PlatformException failure = PlatformException.unwrap(thrown).orElse(null);
        if (failure == null || failure instanceof CircuitOpenException || !failure.retryable()) {
            return false;
        }
        return failure.retryAfter().map(wait -> wait.compareTo(maxRetryAfter) <= 0).orElse(true);
    }
}
