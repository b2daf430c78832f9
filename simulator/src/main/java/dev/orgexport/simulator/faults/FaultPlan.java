package dev.orgexport.simulator.faults;

import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.SimulatorConfig.ErrorRule;
import dev.orgexport.simulator.SimulatorConfig.Faults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The faults in force: latency per region, 5xx rules, region outages and wire faults
 * ({@link WireFault}). Thread-safe; changed at
 * run time through the Simulator. Error rates below 1 draw from a seeded random, so a run with
 * the same seed and the same request order fails the same requests.
 */
public final class FaultPlan {

    private final ConcurrentMap<String, Duration> latency = new ConcurrentHashMap<>();
    private final List<ErrorRule> errors = new CopyOnWriteArrayList<>();
    private final Set<String> outages = ConcurrentHashMap.newKeySet();
    private final List<Armed> wire = new ArrayList<>();
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

    /** A wire rule with the hits it has left (0 at the start: unlimited). */
    private static final class Armed {
        final WireFaultRule rule;
        int left;

        Armed(WireFaultRule rule) {
            this.rule = rule;
            this.left = rule.times();
        }
    }

    /** Adds a wire fault rule; rules are tried in the order they were added. */
    public void addWireFault(WireFaultRule rule) {
        synchronized (wire) {
            wire.add(new Armed(rule));
        }
    }

    public void clearWireFaults() {
        synchronized (wire) {
            wire.clear();
        }
    }

    /**
     * The first rule of one of the {@code faults} that matches this request, spending one of its
     * hits; empty when none applies.
     */
    public Optional<WireFaultRule> takeWireFault(String org, Endpoint endpoint, Set<WireFault> faults) {
        synchronized (wire) {
            if (wire.isEmpty()) {
                return Optional.empty();
            }
            for (var it = wire.iterator(); it.hasNext(); ) {
                Armed armed = it.next();
                for (WireFault fault : faults) {
                    if (armed.rule.matches(fault, org, endpoint)) {
                        if (armed.rule.times() > 0 && --armed.left <= 0) {
                            it.remove();
                        }
                        return Optional.of(armed.rule);
                    }
                }
            }
            return Optional.empty();
        }
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
