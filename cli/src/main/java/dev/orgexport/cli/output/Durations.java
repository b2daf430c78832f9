package dev.orgexport.cli.output;

import java.time.Duration;

/** Durations as operators read them: {@code 2d 3h}, {@code 1h 30m}, {@code 4m 10s}, {@code 12s}. */
public final class Durations {

    private Durations() {
    }

    /** The two largest non-zero units; negative durations are shown as 0s. */
    public static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long rest = seconds % 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m " + rest + "s";
        }
        return rest + "s";
    }
}
