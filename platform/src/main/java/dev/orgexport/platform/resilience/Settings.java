package dev.orgexport.platform.resilience;

import java.time.Duration;
import java.util.Objects;

/** Shared checks of the settings records. */
final class Settings {

    private Settings() {
    }

    static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, but was " + value);
        }
    }
}
