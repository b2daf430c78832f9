package dev.orgexport.platform.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * The per-org API budget, kept locally instead of learnt from 429s. Calls are spaced evenly:
 * {@code effective = floor(budget * (1 - headroom))} permits per {@code window}, one every
 * {@code window / effective}, so no alignment of the platform's windows (fixed or sliding) can see
 * more than the budget. Waiting for a permit parks no thread.
 *
 * <p>One limiter per (org, region, client), shared by all of that client's tokens: whether
 * several tokens of one client get separate budgets is not documented, so the conservative
 * reading is applied. {@code tokens/me} after each new token is not counted (one call per token
 * lifetime; the headroom covers it).
 *
 * @param enabled  whether to limit at all. Default true.
 * @param budget   the platform's budget per window (per token). Default 300, the platform default.
 * @param window   the budget's window. Default 1 min (the platform's); shorter only for tests
 *                 against a time-scaled simulator.
 * @param headroom fraction of the budget left unused, in [0, 1). Default 0.05 (285 calls/min; 0.1 until the fair-dispatch benchmark showed no 429 at 0.05).
 * @param maxWait  a call that would wait longer than this for a permit fails at once with a
 *                 retryable {@code RATE_LIMITED}, so a backlog cannot grow without bound. Default 2 min.
 */
public record RateLimitSettings(boolean enabled, int budget, Duration window, double headroom, Duration maxWait) {

    public RateLimitSettings {
        if (budget < 1) {
            throw new IllegalArgumentException("platform.rate-limit.budget must be at least 1, but was " + budget);
        }
        Settings.positive("platform.rate-limit.window", window);
        if (!(headroom >= 0.0 && headroom < 1.0)) {
            throw new IllegalArgumentException("platform.rate-limit.headroom must be at least 0 and lower than 1, but was " + headroom);
        }
        Objects.requireNonNull(maxWait, "platform.rate-limit.max-wait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("platform.rate-limit.max-wait must not be negative, but was " + maxWait);
        }
        if (effectivePermits(budget, headroom) < 1) {
            throw new IllegalArgumentException("platform.rate-limit.budget * (1 - platform.rate-limit.headroom) must leave "
                    + "at least 1 permit, but the budget was " + budget + " and the headroom " + headroom);
        }
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(true, 300, Duration.ofMinutes(1), 0.05, Duration.ofMinutes(2));
    }

    public static RateLimitSettings disabled() {
        return new RateLimitSettings(false, 300, Duration.ofMinutes(1), 0.05, Duration.ofMinutes(2));
    }

    public RateLimitSettings withBudget(int value, Duration perWindow) {
        return new RateLimitSettings(enabled, value, perWindow, headroom, maxWait);
    }

    /**
     * These settings for an org whose budget is {@code apiBudgetPerMinute} calls per minute
     * instead of {@link #budget()} per {@link #window()}: the budget is scaled to the window, and
     * an org whose budget is too small for the headroom still gets one call per window.
     *
     * @throws IllegalArgumentException when the budget is below 1
     */
    public RateLimitSettings forBudgetPerMinute(int apiBudgetPerMinute) {
        if (apiBudgetPerMinute < 1) {
            throw new IllegalArgumentException("apiBudgetPerMinute must be at least 1, but was " + apiBudgetPerMinute);
        }
        long scaled = Math.max(1, Math.round(apiBudgetPerMinute * (window.toNanos() / 60e9)));
        int orgBudget = (int) Math.min(Integer.MAX_VALUE, scaled);
        double orgHeadroom = effectivePermits(orgBudget, headroom) >= 1 ? headroom : 0.0;
        return new RateLimitSettings(enabled, orgBudget, window, orgHeadroom, maxWait);
    }

    /** Permits used per window. */
    public int effectivePermits() {
        return effectivePermits(budget, headroom);
    }

    /** The spacing between two permits. */
    public Duration spacing() {
        return window.dividedBy(effectivePermits());
    }

    private static int effectivePermits(int budget, double headroom) {
        return (int) Math.floor(budget * (1.0 - headroom));
    }
}
