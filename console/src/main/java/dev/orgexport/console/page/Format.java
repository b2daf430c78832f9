package dev.orgexport.console.page;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages write instants (UTC, to the minute or second) and durations (the two largest units). */
final class Format {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String minute(Instant instant) {
        return instant == null ? "never" : MINUTE.format(instant) + " UTC";
    }

    static String second(Instant instant) {
        return instant == null ? "" : SECOND.format(instant);
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** "2 h 5 min", "40 s", "3 d 4 h". */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }

    static String count(Long value) {
        return value == null ? "" : String.format(java.util.Locale.ROOT, "%,d", value);
    }
}
