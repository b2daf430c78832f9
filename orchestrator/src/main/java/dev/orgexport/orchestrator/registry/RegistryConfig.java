package dev.orgexport.orchestrator.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and defaults applied to a registry file.
 *
 * @param minEvery        {@code registry.min-every}: the shortest allowed {@code every}, at least 1 s
 *                        (default PT5M); shorter windows mean more platform jobs per org than its
 *                        rate budget is sized for
 * @param maxLag          {@code registry.max-lag}: the longest allowed {@code lag} (default P1D)
 * @param maxCatchUp      {@code registry.max-catch-up}: the longest allowed {@code catchUp} (default P7D)
 * @param defaultLag      {@code registry.default-lag}: {@code lag} when an export gives none (default PT0S)
 * @param defaultCatchUp  {@code registry.default-catch-up}: {@code catchUp} when an export gives none
 *                        (default PT6H)
 */
public record RegistryConfig(Duration minEvery, Duration maxLag, Duration maxCatchUp, Duration defaultLag,
                             Duration defaultCatchUp) {

    public static final Duration DEFAULT_MIN_EVERY = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_LAG = Duration.ofDays(1);
    public static final Duration DEFAULT_MAX_CATCH_UP = Duration.ofDays(7);
    public static final Duration DEFAULT_LAG = Duration.ZERO;
    public static final Duration DEFAULT_CATCH_UP = Duration.ofHours(6);

    public RegistryConfig {
        Objects.requireNonNull(minEvery, "registry.min-every must be set");
        Objects.requireNonNull(maxLag, "registry.max-lag must be set");
        Objects.requireNonNull(maxCatchUp, "registry.max-catch-up must be set");
        Objects.requireNonNull(defaultLag, "registry.default-lag must be set");
        Objects.requireNonNull(defaultCatchUp, "registry.default-catch-up must be set");
        if (minEvery.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("registry.min-every must be at least PT1S, but was " + minEvery);
        }
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException("registry.max-lag must not be negative, but was " + maxLag);
        }
        if (maxCatchUp.isNegative()) {
            throw new IllegalArgumentException("registry.max-catch-up must not be negative, but was " + maxCatchUp);
        }
        if (defaultLag.isNegative() || defaultLag.compareTo(maxLag) > 0) {
            throw new IllegalArgumentException("registry.default-lag must be between PT0S and registry.max-lag ("
                    + maxLag + "), but was " + defaultLag);
        }
        if (defaultCatchUp.isNegative() || defaultCatchUp.compareTo(maxCatchUp) > 0) {
            throw new IllegalArgumentException("registry.default-catch-up must be between PT0S and registry.max-catch-up ("
                    + maxCatchUp + "), but was " + defaultCatchUp);
        }
    }

    public static RegistryConfig defaults() {
        return new RegistryConfig(DEFAULT_MIN_EVERY, DEFAULT_MAX_LAG, DEFAULT_MAX_CATCH_UP, DEFAULT_LAG, DEFAULT_CATCH_UP);
    }

    public RegistryConfig withMinEvery(Duration newMinEvery) {
        return new RegistryConfig(newMinEvery, maxLag, maxCatchUp, defaultLag, defaultCatchUp);
    }
}
