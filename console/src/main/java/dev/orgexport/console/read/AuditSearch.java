package dev.orgexport.console.read;

import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit trail, filtered and paged, newest first (as the admin console lists it). Pages are
 * offsets over (event_date, id) descending: rows appended while an operator pages shift the
 * pages by that many rows, which a trail that only grows makes harmless. Thread-safe.
 */
public final class AuditSearch {

    /** One page; {@code hasNext} when at least one more row matches. */
    public record Page(List<AuditEvent> events, int number, int size, boolean hasNext) {
        public Page {
            events = List.copyOf(events);
        }
    }

    public static final int PAGE_SIZE = 50;
    /** The most rows one download holds: enough for months of one estate, small enough to build in memory. */
    public static final int MAX_EXPORT_ROWS = 100_000;

    private final Rows rows;

    public AuditSearch(DataSource dataSource) {
        this.rows = new Rows(dataSource);
    }

    /** Page {@code number} (from 1) of the events that match. */
    public Page page(AuditFilter filter, int number, int size) {
        if (number < 1 || size < 1 || size > 1000) {
            throw new IllegalArgumentException("page must be 1 or more and size 1 to 1000, but were " + number + " and " + size);
        }
        List<AuditEvent> events = query(filter, size + 1, (long) (number - 1) * size);
        boolean more = events.size() > size;
        return new Page(more ? events.subList(0, size) : events, number, size, more);
    }

    /** Every matching event, newest first, at most {@link #MAX_EXPORT_ROWS}. */
    public List<AuditEvent> export(AuditFilter filter) {
        return query(filter, MAX_EXPORT_ROWS, 0);
    }

    /** The actions that occur in the trail, for the filter's choices. */
    public List<String> actions() {
        return rows.query("the audit actions", "SELECT DISTINCT action FROM audit_event ORDER BY action",
                r -> r.getString(1), List.of());
    }

    private List<AuditEvent> query(AuditFilter f, int limit, long offset) {
        String sql = "SELECT " + PostgresAuditStore.COLUMNS + " FROM audit_event WHERE (?::text IS NULL OR org_id = ?) "
                + "AND (?::text IS NULL OR action = ?) AND (?::text IS NULL OR failure_kind = ?) "
                + "AND (?::text IS NULL OR status = ?) AND (?::timestamptz IS NULL OR event_date >= ?) "
                + "AND (?::timestamptz IS NULL OR event_date < ?) ORDER BY event_date DESC, id DESC LIMIT ? OFFSET ?";
        List<Object> parameters = new ArrayList<>(Arrays.asList(f.orgId(), f.orgId(), f.action(), f.action(),
                f.failureKind(), f.failureKind(), f.status(), f.status(), f.from(), f.from(), f.to(), f.to()));
        parameters.add(limit);
        parameters.add(offset);
        return rows.query("the audit trail", sql, PostgresAuditStore::map, parameters);
    }
}
