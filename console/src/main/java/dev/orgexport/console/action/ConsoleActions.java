package dev.orgexport.console.action;

import dev.orgexport.console.auth.Operator;
import dev.orgexport.orchestrator.OrchestratorException;
import dev.orgexport.orchestrator.backfill.Backfill;
import dev.orgexport.orchestrator.backfill.BackfillResult;
import dev.orgexport.orchestrator.control.ControlResult;
import dev.orgexport.orchestrator.control.OrgControls;
import dev.orgexport.orchestrator.control.UnknownOrgException;
import dev.orgexport.platform.diagnose.Diagnosis;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.task.ExportKind;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's actions, each recorded in the audit trail with the operator: pause, resume and
 * release go through the orchestrator's {@link OrgControls} (which write their own audit rows,
 * as for the CLI); backfill goes through {@link Backfill} and diagnose through the process's
 * {@link Diagnostics}, and this class writes their audit rows ({@code BackfillOrg},
 * {@code DiagnoseOrg}), a refused backfill included. Thread-safe.
 */
public final class ConsoleActions {

    /** What a backfill did, or why it was refused (then {@code result} is null). */
    public record BackfillOutcome(BackfillResult result, String refusal) {
        public boolean done() {
            return result != null;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ConsoleActions.class);
    private static final String SERVICE = "orgexport";

    private final Clock clock;
    private final Diagnostics diagnostics;
    private final OrgControls controls;
    private final Backfill backfill;
    private final PostgresOrgStore orgs;
    private final PostgresAuditStore audit;

    public ConsoleActions(DataSource dataSource, Clock clock, Diagnostics diagnostics) {
        this.clock = clock;
        this.diagnostics = diagnostics;
        this.controls = new OrgControls(dataSource, clock);
        this.backfill = new Backfill(dataSource, clock);
        this.orgs = new PostgresOrgStore(dataSource);
        this.audit = new PostgresAuditStore(dataSource);
    }

    /** @throws UnknownOrgException when the registry has no such org */
    public ControlResult pause(String orgId, Operator operator) {
        return logged(controls.pause(orgId, operator.auditName()), operator);
    }

    /** @throws UnknownOrgException when the registry has no such org */
    public ControlResult resume(String orgId, Operator operator) {
        return logged(controls.resume(orgId, operator.auditName()), operator);
    }

    /** @throws UnknownOrgException when the registry has no such org */
    public ControlResult release(String orgId, Operator operator) {
        return logged(controls.release(orgId, operator.auditName()), operator);
    }

    /**
     * Creates the runs of the org's windows of {@code kind} in {@code [from, to)}; a range the
     * orchestrator refuses (off the grid, not over, paused org...) is an outcome, not an exception.
     *
     * @throws UnknownOrgException when the registry has no such org
     */
    public BackfillOutcome backfill(String orgId, ExportKind kind, Instant from, Instant to, Operator operator) {
        OrgRecord org = require(orgId);
        String range = kind + " from " + from + " to " + to;
        try {
            BackfillResult result = backfill.run(orgId, kind, from, to);
            record(org, "BackfillOrg", "SUCCESS", "BACKFILL_CREATED", "backfill of org " + orgId + " " + range + " by "
                    + operator.auditName() + ": " + result.render());
            log.info("console backfill org={} kind={} operator={} created={}", orgId, kind, operator.name(), result.created());
            return new BackfillOutcome(result, null);
        } catch (OrchestratorException e) {
            record(org, "BackfillOrg", "FAILURE", "BACKFILL_REFUSED", "backfill of org " + orgId + " " + range + " by "
                    + operator.auditName() + " refused: " + e.getMessage());
            return new BackfillOutcome(null, e.getMessage());
        }
    }

    /**
     * Diagnoses the org and records who asked and the verdict.
     *
     * @throws UnknownOrgException when the registry has no such org
     */
    public Diagnosis diagnose(String orgId, boolean probeRegions, Operator operator) {
        OrgRecord org = require(orgId);
        Diagnosis diagnosis = diagnostics.diagnose(org, probeRegions);
        record(org, "DiagnoseOrg", "SUCCESS", "ORG_DIAGNOSED", "org " + orgId + " diagnosed by " + operator.auditName()
                + (probeRegions ? " with region probing" : "") + ": " + diagnosis.verdict() + ": " + diagnosis.cause());
        log.info("console diagnose org={} operator={} verdict={}", orgId, operator.name(), diagnosis.verdict());
        return diagnosis;
    }

    private OrgRecord require(String orgId) {
        return orgs.find(orgId).orElseThrow(() -> new UnknownOrgException(orgId));
    }

    private void record(OrgRecord org, String action, String status, String code, String message) {
        audit.append(new AuditEvent(UUID.randomUUID(), clock.instant(), org.id(), SERVICE, "USER", action, "Org", org.id(),
                org.name(), status, code, message, new AuditEvent.Context(org.region(), null, null, null, null, null,
                        null, null, null, null)));
    }

    private static ControlResult logged(ControlResult result, Operator operator) {
        log.info("console {} org={} operator={} changed={}", result.action(), result.orgId(), operator.name(), result.changed());
        return result;
    }
}
