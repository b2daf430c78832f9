package dev.orgexport.simulator.data;

import dev.orgexport.schema.task.ExportKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an export job or audit query asks for: one org's records of one kind in the half-open
 * window [start, end), plus the audit query's service name, filters and sort order (ignored for
 * the other kinds). The {@link #canonical} query of a window is the one the truth describes.
 *
 * @param serviceName audit service name, or null for every service
 * @param filters     audit filters, all of which must match
 * @param ascending   audit sort order by event date
 */
public record RecordQuery(String orgId, ExportKind kind, Instant start, Instant end,
                          String serviceName, List<AuditFilter> filters, boolean ascending) {

    public RecordQuery {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("interval end must be after its start, but was " + start + "/" + end);
        }
        filters = List.copyOf(filters);
    }

    /** Every record of the kind in the window, in the platform's default order. */
    public static RecordQuery canonical(String orgId, ExportKind kind, Instant start, Instant end) {
        return new RecordQuery(orgId, kind, start, end, null, List.of(), true);
    }

    /**
     * One audit filter, as in the query body's {@code filters}.
     *
     * @param property one of {@link AuditFilter#PROPERTIES}, case-insensitive
     * @param value    the value that must match exactly
     */
    public record AuditFilter(String property, String value) {
        /** The filter properties the simulator supports. */
        public static final List<String> PROPERTIES = List.of("UserId", "ClientId", "EntityId", "EntityType", "Action", "Status", "Level");

        public AuditFilter {
            Objects.requireNonNull(value, "filter value");
            property = canonicalProperty(property);
        }

        private static String canonicalProperty(String given) {
            for (String known : PROPERTIES) {
                if (known.equalsIgnoreCase(given)) {
                    return known;
                }
            }
            throw new IllegalArgumentException("filter property must be one of " + PROPERTIES + ", but was '" + given + "'");
        }
    }
}
