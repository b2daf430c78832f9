package dev.orgexport.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The worker's Micrometer meters, all named {@code orgexport.worker.*}. Thread-safe; meters are
 * registered on first use, so a tag value that never occurs never shows.
 *
 * <ul>
 *   <li>{@code records.consumed}: task records polled</li>
 *   <li>{@code records.rejected{reason}}: records sent to the dead-letter topic</li>
 *   <li>{@code tasks.skipped{outcome}}: valid tasks whose run needed nothing (redelivery, live lease)</li>
 *   <li>{@code exports{kind,outcome}}: attempts ended: succeeded, retry_wait, postponed, failed,
 *       given_back, lease_lost</li>
 *   <li>{@code export.duration{kind}}: wall time of attempts that succeeded</li>
 *   <li>{@code exports.in.flight}: runs held right now</li>
 *   <li>{@code auth.failures{kind}}: audited authentication and authorization failures</li>
 *   <li>{@code breaker.state{org}}: 0 closed, 1 half-open, 2 open, as last reported</li>
 *   <li>{@code poll}: time of one loop turn (poll, hand over, commit, pause or resume)</li>
 *   <li>{@code handover}: time to hand one record over (examine, claim or dead-letter, launch)</li>
 *   <li>{@code partitions.paused}: partitions paused for lack of export capacity</li>
 *   <li>{@code loop.errors}, {@code events.failed}: trouble the worker survived</li>
 * </ul>
 */
public final class WorkerMetrics {

    private static final String PREFIX = "orgexport.worker.";

    private final MeterRegistry registry;
    private final Counter consumed;
    private final Counter loopErrors;
    private final Counter eventsFailed;
    private final Timer poll;
    private final Timer handOver;
    private final AtomicInteger pausedPartitions = new AtomicInteger();
    private final Map<String, AtomicInteger> breakerStates = new ConcurrentHashMap<>();

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.consumed = registry.counter(PREFIX + "records.consumed");
        this.loopErrors = registry.counter(PREFIX + "loop.errors");
        this.eventsFailed = registry.counter(PREFIX + "events.failed");
        this.poll = Timer.builder(PREFIX + "poll").register(registry);
        this.handOver = Timer.builder(PREFIX + "handover").register(registry);
        Gauge.builder(PREFIX + "partitions.paused", pausedPartitions, AtomicInteger::get).register(registry);
    }

    /** Registers the in-flight gauge over the executor's count. */
    public void inFlight(Supplier<Number> count) {
        // Strong reference: callers pass a method reference nobody else holds, and a gauge's
        // default weak reference would let it be collected and scrape as NaN.
        Gauge.builder(PREFIX + "exports.in.flight", count, supplier -> supplier.get().doubleValue())
                .strongReference(true).register(registry);
    }

    public void consumed(int records) {
        consumed.increment(records);
    }

    public void rejected(String reason) {
        registry.counter(PREFIX + "records.rejected", "reason", reason).increment();
    }

    public void skipped(String outcome) {
        registry.counter(PREFIX + "tasks.skipped", "outcome", outcome.toLowerCase(Locale.ROOT)).increment();
    }

    public void exportEnded(String kind, ExportOutcome outcome) {
        registry.counter(PREFIX + "exports", "kind", kind, "outcome", outcome.tag()).increment();
    }

    public void exportSucceeded(String kind, Duration took) {
        exportEnded(kind, ExportOutcome.SUCCEEDED);
        registry.timer(PREFIX + "export.duration", "kind", kind).record(took);
    }

    public void authFailure(String kind) {
        registry.counter(PREFIX + "auth.failures", "kind", kind).increment();
    }

    /** @param state 0 closed, 1 half-open, 2 open */
    public void breakerState(String orgId, int state) {
        breakerStates.computeIfAbsent(orgId, org -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(PREFIX + "breaker.state", value, AtomicInteger::get).tag("org", org).register(registry);
            return value;
        }).set(state);
    }

    public Timer poll() {
        return poll;
    }

    /** Time to hand one record over on the consumer thread: examine, claim or dead-letter, launch. */
    public Timer handOver() {
        return handOver;
    }

    public void pausedPartitions(int count) {
        pausedPartitions.set(count);
    }

    public void loopError() {
        loopErrors.increment();
    }

    public void eventFailed() {
        eventsFailed.increment();
    }

    /** How one attempt of a run ended, as the {@code outcome} tag. */
    public enum ExportOutcome {
        SUCCEEDED, RETRY_WAIT, POSTPONED, FAILED, GIVEN_BACK, LEASE_LOST;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
