package dev.orgexport.simulator.faults;

import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.SimulatorConfig.ErrorRule;
import dev.orgexport.simulator.SimulatorConfig.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The faults in force: latency per region, 5xx rules and region outages. Thread-safe; changed at
 * run time through the Simulator. Error rates below 1 draw from a seeded random, so a run with
 * the same seed and the same request order fails the same requests.
 */
public final class FaultPlan {

    private final ConcurrentMap<String, Duration> latency = new ConcurrentHashMap<>();
    private final List<ErrorRule> errors = new CopyOnWriteArrayList<>();
    private final Set<String> outages = ConcurrentHashMap.newKeySet();
    private final Random random;

    public FaultPlan(Faults initial) {
        latency.putAll(initial.latency());
        errors.addAll(initial.errors());
        outages.addAll(initial.outages());
        random = new Random(initial.seed());
    }

    public Duration latency(String region) {
        return latency.getOrDefault(region, Duration.ZERO);
    }

    public void setLatency(String region, Duration delay) {
        if (delay == null || delay.isZero()) {
            latency.remove(region);
        } else if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, but was " + delay);
        } else {
            latency.put(region, delay);
        }
    }

    public boolean outage(String region) {
        return outages.contains(region);
    }

    public void setOutage(String region, boolean down) {
        if (down) {
            outages.add(region);
        } else {
            outages.remove(region);
        }
    }

    /** Adds a rule in front of the others, replacing one with the same selectors. */
    public void addErrorRule(ErrorRule rule) {
        errors.removeIf(r -> same(r.region(), rule.region()) && same(r.org(), rule.org()) && r.endpoint() == rule.endpoint());
        errors.add(0, rule);
    }

    public void clearErrorRules() {
        errors.clear();
    }

    public List<ErrorRule> errorRules() {
        return List.copyOf(errors);
    }

    /** The 5xx status to answer with, or 0 to go on normally. */
    public int errorStatus(String region, String org, Endpoint endpoint) {
        if (errors.isEmpty()) {
            return 0;
        }
        for (ErrorRule rule : errors) {
            if (rule.matches(region, org, endpoint)) {
                if (rule.rate() >= 1.0 || (rule.rate() > 0.0 && draw() < rule.rate())) {
                    return rule.status();
                }
                return 0;
            }
        }
        return 0;
    }

    private double draw() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
