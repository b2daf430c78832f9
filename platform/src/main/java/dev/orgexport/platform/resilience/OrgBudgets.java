package dev.orgexport.platform.resilience;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where the global rate-limit settings ({@code platform.rate-limit.*}) and an
 * org's own API budget ({@code apiBudgetPerMinute} in orgs.yaml) meet: the limiter that spaces
 * the org's calls and the worker's per-org dispatch bound both ask here, so they never disagree.
 * An org without an override gets the global settings. Thread-safe; overrides are recorded as
 * the worker reads org rows, so a changed registry takes effect with the org's next run.
 */
public final class OrgBudgets {

    private final RateLimitSettings global;
    private final Map<String, RateLimitSettings> overridden = new ConcurrentHashMap<>();

    public OrgBudgets(RateLimitSettings global) {
        this.global = Objects.requireNonNull(global, "global");
    }

    /** Records the org's budget per minute, or forgets its override when {@code apiBudgetPerMinute} is null. */
    public void set(String orgId, Integer apiBudgetPerMinute) {
        Objects.requireNonNull(orgId, "orgId");
        if (apiBudgetPerMinute == null) {
            overridden.remove(orgId);
        } else {
            overridden.put(orgId, global.forBudgetPerMinute(apiBudgetPerMinute));
        }
    }

    /** The settings the org's limiter spaces its calls by. */
    public RateLimitSettings settingsFor(String orgId) {
        return overridden.getOrDefault(orgId, global);
    }

    /** The org's budget as its limiter spends it, in calls per second; infinite when limiting is off. */
    public double permitsPerSecond(String orgId) {
        RateLimitSettings settings = settingsFor(orgId);
        if (!settings.enabled()) {
            return Double.POSITIVE_INFINITY;
        }
        return settings.effectivePermits() / (settings.window().toNanos() / 1e9);
    }
}
