package dev.orgexport.console.read;

import java.time.Instant;

/**
 * The audit trail's filters, as the admin console's audit view offers them; every field may be
 * null (no filter). {@code from} is inclusive, {@code to} exclusive.
 */
public record AuditFilter(String orgId, String action, String failureKind, String status, Instant from, Instant to) {

    public static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null);

    public AuditFilter {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("the audit filter's 'to' must be after 'from', but got from " + from
                    + " and to " + to);
        }
    }
}
