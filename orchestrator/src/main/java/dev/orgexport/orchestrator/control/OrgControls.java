package dev.orgexport.orchestrator.control;

import dev.orgexport.orchestrator.tx.Transactions;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.org.OrgControlLog;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.OrgRegistryStore;
import dev.orgexport.schema.quarantine.PostgresQuarantineStore;
import dev.orgexport.schema.run.PostgresRunQueueStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The operator's controls over one org, each leaving a USER audit row that names the action and
 * the operator:
 * <ul>
 *   <li>{@link #pause}: no new windows are scheduled and no waiting run is re-queued for the org
 *       until {@link #resume}; a resumed org catches up within each schedule's catch-up.</li>
 *   <li>{@link #release}: ends the org's quarantine (the cluster-wide breaker state) and makes its
 *       RETRY_WAIT runs due now, so the sweeper re-queues them on its next round.</li>
 * </ul>
 * Each action that changes something also appends to {@code org_control}, which every worker
 * reads every {@code worker.control-poll}: a release closes each worker's in-memory breaker of
 * the org and drops its cached token, so the re-queued runs are not postponed again by a breaker
 * that is still open on some worker. A resume makes the runs a pause postponed due at once.
 * Pausing an org that is already paused changes nothing but is still audited. Thread-safe.
 */
public final class OrgControls {

    private static final String SERVICE = "orgexport";

    private final DataSource dataSource;
    private final Clock clock;
    private final Supplier<UUID> ids;
    private final OrgRegistryStore orgs = new OrgRegistryStore();
    private final PostgresRunQueueStore runs = new PostgresRunQueueStore();
    private final PostgresAuditStore audit;
    private final PostgresQuarantineStore quarantines;
    private final OrgControlLog controls;

    public OrgControls(DataSource dataSource, Clock clock) {
        this(dataSource, clock, UUID::randomUUID);
    }

    /** @param ids the ids of audit rows; tests pass a deterministic source */
    public OrgControls(DataSource dataSource, Clock clock, Supplier<UUID> ids) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.audit = new PostgresAuditStore(dataSource);
        this.quarantines = new PostgresQuarantineStore(dataSource, clock);
        this.controls = new OrgControlLog(dataSource);
    }

    /** @throws UnknownOrgException when the registry has no such org */
    public ControlResult pause(String orgId, String operator) {
        return setPaused(orgId, operator, true);
    }

    /** @throws UnknownOrgException when the registry has no such org */
    public ControlResult resume(String orgId, String operator) {
        return setPaused(orgId, operator, false);
    }

    /**
     * Ends the org's quarantine, if any, and makes its waiting runs due now.
     *
     * @throws UnknownOrgException when the registry has no such org
     */
    public ControlResult release(String orgId, String operator) {
        requireOperator(operator);
        Instant now = clock.instant();
        OrgRecord org = Transactions.inTransaction(dataSource, "release org " + orgId, c -> require(c, orgId));
        // The control row tells every worker to close its breaker of the org within seconds; in the
        // same transaction as the runs made due, so no run is re-queued before the workers know.
        int due = Transactions.inTransaction(dataSource, "make the waiting runs of org " + orgId + " due", c -> {
            controls.append(c, orgId, OrgControlLog.Action.RELEASE, operator, now);
            return runs.makeWaitingRunsDue(c, orgId, now);
        });
        String runsDue = due + (due == 1 ? " waiting run" : " waiting runs") + " made due now";
        String released = "org " + orgId + " released from quarantine by " + operator + "; " + runsDue;
        // The quarantine store writes the audit row in the transaction of its delete, when there
        // was a row to delete; otherwise this call writes it, so every release is audited.
        if (quarantines.release(orgId, event(org, "ReleaseOrg", "ORG_RELEASED", released, now))) {
            return new ControlResult(orgId, "ReleaseOrg", true, released);
        }
        String notQuarantined = "org " + orgId + " was not quarantined; release by " + operator + ": " + runsDue;
        Transactions.inTransaction(dataSource, "audit the release of org " + orgId, c -> {
            audit.append(c, event(org, "ReleaseOrg", "ORG_NOT_QUARANTINED", notQuarantined, now));
            return null;
        });
        return new ControlResult(orgId, "ReleaseOrg", due > 0, notQuarantined);
    }

    private ControlResult setPaused(String orgId, String operator, boolean paused) {
        requireOperator(operator);
        Instant now = clock.instant();
        String action = paused ? "PauseOrg" : "ResumeOrg";
        String verb = paused ? "paused" : "resumed";
        return Transactions.inTransaction(dataSource, (paused ? "pause" : "resume") + " org " + orgId, c -> {
            OrgRecord org = require(c, orgId);
            boolean changed = org.paused() != paused;
            int due = 0;
            if (changed) {
                orgs.setPaused(c, orgId, paused, now);
                controls.append(c, orgId, paused ? OrgControlLog.Action.PAUSE : OrgControlLog.Action.RESUME, operator, now);
                if (!paused) {
                    // Runs postponed because the org was paused would otherwise wait out worker.paused-recheck.
                    due = runs.makePausedRunsDue(c, orgId, now);
                }
            }
            String message = changed ? "org " + orgId + " " + verb + " by " + operator
                    + (due > 0 ? "; " + due + (due == 1 ? " run" : " runs") + " postponed by the pause made due now" : "")
                    : "org " + orgId + " was already " + (paused ? "paused" : "running") + "; " + verb + " again by " + operator;
            String code = changed ? (paused ? "ORG_PAUSED" : "ORG_RESUMED") : (paused ? "ORG_ALREADY_PAUSED" : "ORG_NOT_PAUSED");
            audit.append(c, event(org, action, code, message, now));
            return new ControlResult(orgId, action, changed, message);
        });
    }

    private OrgRecord require(Connection connection, String orgId) throws SQLException {
        return orgs.lock(connection, orgId).orElseThrow(() -> new UnknownOrgException(orgId));
    }

    private AuditEvent event(OrgRecord org, String action, String code, String message, Instant now) {
        return new AuditEvent(ids.get(), now, org.id(), SERVICE, "USER", action, "Org", org.id(), org.name(),
                "SUCCESS", code, message, new AuditEvent.Context(org.region(), null, null, null, null, null, null,
                        null, null, null));
    }

    private static void requireOperator(String operator) {
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("operator must name who acts (e.g. the OS user), but was blank");
        }
    }
}
