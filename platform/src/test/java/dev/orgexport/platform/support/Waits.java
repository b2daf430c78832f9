package dev.orgexport.platform.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with deadlines, for tests only. */
public final class Waits {

    private Waits() {
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls every 20 ms until the condition holds; fails after {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            pause(20);
        }
    }
}
