package dev.orgexport.platform.resilience;

import dev.orgexport.platform.failure.PlatformException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One Resilience4j {@link RateLimiter} per key (an org's region and client), spacing its calls
 * as {@link RateLimitSettings} says. A caller gets a future that completes when its permit is
 * due: the permit is reserved at once and the wait is a scheduled task, so waiting orgs hold no
 * thread. Thread-safe.
 */
public final class OrgRateLimiters {

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    private final OrgBudgets budgets;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final ConcurrentMap<String, Entry> limiters = new ConcurrentHashMap<>();
    private final LongAdder delayed = new LongAdder();
    private final LongAdder delayedNanos = new LongAdder();

    private static final class Entry {
        final RateLimiter limiter;
        final RateLimitSettings settings;
        /** Approximate: written by every caller, read only by eviction. */
        volatile long lastUsedMillis;

        Entry(String key, RateLimitSettings settings) {
            this.settings = settings;
            this.limiter = RateLimiter.of(key, RateLimiterConfig.custom()
                    .limitForPeriod(1)
                    .limitRefreshPeriod(settings.spacing())
                    .timeoutDuration(settings.maxWait())
                    .writableStackTraceEnabled(false)
                    .build());
        }
    }

    public OrgRateLimiters(RateLimitSettings settings, ScheduledExecutorService scheduler, Clock clock) {
        this(new OrgBudgets(settings), scheduler, clock);
    }

    /** Limiters whose spacing follows each org's budget in {@code budgets}. */
    public OrgRateLimiters(OrgBudgets budgets, ScheduledExecutorService scheduler, Clock clock) {
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A future that completes when the key may make its next API call, or fails at once with the
     * failure {@code overBudget} supplies when that would be later than {@link RateLimitSettings#maxWait()}.
     */
    public CompletableFuture<Void> permit(String key, Supplier<PlatformException> overBudget) {
        return permit(key, key, overBudget);
    }

    /**
     * As {@link #permit(String, Supplier)}, spaced by the budget of {@code orgId}. When the org's
     * budget changed since its limiter was made, a new limiter replaces it (the old one's
     * reservations stand, so at most one spacing is lost or gained).
     */
    public CompletableFuture<Void> permit(String key, String orgId, Supplier<PlatformException> overBudget) {
        RateLimitSettings settings = budgets.settingsFor(orgId);
        if (!settings.enabled()) {
            return NOW;
        }
        Entry entry = limiters.compute(key, (k, current) ->
                current != null && current.settings.equals(settings) ? current : new Entry(k, settings));
        entry.lastUsedMillis = clock.millis();
        long waitNanos = entry.limiter.reservePermission();
        if (waitNanos == 0) {
            return NOW;
        }
        if (waitNanos < 0) {
            return CompletableFuture.failedFuture(overBudget.get());
        }
        delayed.increment();
        delayedNanos.add(waitNanos);
        CompletableFuture<Void> due = new CompletableFuture<>();
        scheduler.schedule(() -> due.complete(null), waitNanos, TimeUnit.NANOSECONDS);
        return due;
    }

    public OrgBudgets budgets() {
        return budgets;
    }

    /** Calls that had to wait for their permit. */
    public long delayedCalls() {
        return delayed.sum();
    }

    /** Total time calls waited for permits, in nanoseconds. */
    public long delayedNanos() {
        return delayedNanos.sum();
    }

    /** Forgets limiters unused for {@code idleMillis}; their budget window has long passed. */
    public int evictIdle(long idleMillis) {
        long now = clock.millis();
        int before = limiters.size();
        limiters.values().removeIf(entry -> now - entry.lastUsedMillis >= idleMillis);
        return before - limiters.size();
    }

    public int size() {
        return limiters.size();
    }
}
