package dev.orgexport.worker.sink;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The layout every sink shares: {@code <org>/<kind>/<windowStart>_<windowEnd>} plus an extension,
 * instants in ISO-8601 basic format ({@code 20240501T000000Z}, with {@code .nnnnnnnnn} before the
 * {@code Z} when the instant has a fraction of a second). The org id is checked so that it can
 * be one directory name or one key segment: no {@code /}, no {@code ..}.
 */
public final class WindowNames {

    /** The export itself: gzip-compressed NDJSON. */
    public static final String EXPORT_SUFFIX = ".ndjson.gz";

    private static final Pattern PATH_ELEMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private WindowNames() {
    }

    /** {@code <org>/<kind>/<windowStart>_<windowEnd>}, without extension. */
    public static String stem(String orgId, ExportKind kind, TimeWindow window) {
        if (orgId == null || !PATH_ELEMENT.matcher(orgId).matches()) {
            throw new IllegalArgumentException("org id must match " + PATH_ELEMENT.pattern()
                    + " to be a directory name, but was '" + orgId + "'");
        }
        return orgId + "/" + kind.wireName() + "/" + basic(window.start()) + "_" + basic(window.end());
    }

    static String basic(Instant instant) {
        String seconds = BASIC.format(instant);
        return instant.getNano() == 0 ? seconds + "Z" : seconds + "." + String.format("%09d", instant.getNano()) + "Z";
    }
}
