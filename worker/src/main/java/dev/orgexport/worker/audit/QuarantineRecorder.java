package dev.orgexport.worker.audit;

import dev.orgexport.platform.event.BreakerState;
import dev.orgexport.platform.event.BreakerTransition;
import dev.orgexport.platform.event.PlatformListener;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.quarantine.OrgQuarantine;
import dev.orgexport.schema.quarantine.PostgresQuarantineStore;
import dev.orgexport.worker.metrics.WorkerMetrics;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the platform's breaker transitions into cluster-visible state: when an org's breaker
 * opens, an {@code org_quarantine} row until its reopen time plus a {@code Quarantine} audit row
 * (one transaction), so every worker skips the org; when it closes again, the row is removed with
 * a {@code Release} audit row. Also keeps the {@code breaker.state} gauge. Runs on the platform's
 * event thread, where blocking on JDBC is allowed; a database failure is logged and the next
 * event is handled (the breaker itself still protects this worker).
 */
public final class QuarantineRecorder implements PlatformListener {

    private static final Logger log = LoggerFactory.getLogger(QuarantineRecorder.class);

    private final PostgresQuarantineStore quarantines;
    private final PostgresOrgStore orgs;
    private final WorkerMetrics metrics;
    private final String workerId;

    public QuarantineRecorder(PostgresQuarantineStore quarantines, PostgresOrgStore orgs, WorkerMetrics metrics,
                              String workerId) {
        this.quarantines = quarantines;
        this.orgs = orgs;
        this.metrics = metrics;
        this.workerId = workerId;
    }

    @Override
    public void breakerTransition(BreakerTransition event) {
        metrics.breakerState(event.orgId(), switch (event.to()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
        try {
            if (event.to() == BreakerState.OPEN) {
                open(event);
            } else if (event.to() == BreakerState.CLOSED && event.from() != BreakerState.CLOSED) {
                release(event);
            }
        } catch (RuntimeException e) {
            log.error("cannot record breaker transition {} -> {} of org={}: {}", event.from(), event.to(),
                    event.orgId(), e.toString());
        }
    }

    private void open(BreakerTransition event) {
        // The table requires until > since; a reopen time at or before the event is a zero-length quarantine.
        Instant until = event.reopenAt().isAfter(event.at()) ? event.reopenAt() : event.at().plusMillis(1);
        String kind = event.cause() == null ? null : event.cause().name();
        String reason = (kind == null ? "circuit breaker opened" : kind)
                + (event.lastFailure() == null ? "" : ": " + event.lastFailure());
        OrgQuarantine quarantine = new OrgQuarantine(event.orgId(), reason, event.at(), until, workerId);
        quarantines.open(quarantine, AuditRows.quarantine(quarantine, orgName(event.orgId()), kind));
        log.warn("org={} quarantined until {}: {}", event.orgId(), until, reason);
    }

    private void release(BreakerTransition event) {
        if (quarantines.release(event.orgId(), AuditRows.release(event.orgId(), orgName(event.orgId()), workerId,
                event.at()))) {
            log.info("org={} released: its circuit breaker closed", event.orgId());
        }
    }

    private String orgName(String orgId) {
        return orgs.find(orgId).map(OrgRecord::name).orElse(null);
    }
}
