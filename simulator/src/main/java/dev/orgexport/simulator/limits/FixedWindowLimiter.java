package dev.orgexport.simulator.limits;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A per-key budget of N requests per one-minute window, the window starting at the key's first
 * request after the previous window ended. Thread-safe. The platform documents its budgets per
 * minute without saying how windows are aligned; a fixed window is the strictest reading a
 * client must survive (a full budget can be spent at once, then nothing until the window ends).
 */
public final class FixedWindowLimiter {

    static final long WINDOW_MILLIS = 60_000;

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile int perMinute;

    public FixedWindowLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    public void setPerMinute(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("requests per minute must be at least 1, but was " + value);
        }
        this.perMinute = value;
    }

    public int perMinute() {
        return perMinute;
    }

    /**
     * Takes one request from the key's budget.
     *
     * @return 0 when allowed, else the whole seconds (at least 1) until the window ends, for Retry-After
     */
    public long acquire(String key) {
        long now = clock.millis();
        Window window = windows.computeIfAbsent(key, k -> new Window(now));
        synchronized (window) {
            if (now - window.start >= WINDOW_MILLIS) {
                window.start = now;
                window.count = 0;
            }
            if (window.count < perMinute) {
                window.count++;
                return 0;
            }
            long remaining = window.start + WINDOW_MILLIS - now;
            return Math.max(1, (remaining + 999) / 1000);
        }
    }

    /** Drops windows that ended, so memory is bounded by the keys active in the last minute. */
    public void purge() {
        long now = clock.millis();
        windows.values().removeIf(w -> {
            synchronized (w) {
                return now - w.start >= WINDOW_MILLIS;
            }
        });
    }

    /** Forgets every window (a fresh budget for every key). */
    public void reset() {
        windows.clear();
    }

    private static final class Window {
        long start;
        int count;

        Window(long start) {
            this.start = start;
        }
    }
}
