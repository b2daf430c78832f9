package dev.orgexport.worker.audit;

import dev.orgexport.platform.failure.FailureDetails;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.org.OrgPin;
import dev.orgexport.schema.quarantine.OrgQuarantine;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The audit rows the worker writes, shaped like the platform's AuditLogMessage so that an
 * operator reads both trails the same way. OAuth events use the platform's own names
 * (service {@value #OAUTH_SERVICE}, entity types {@code AccessToken} and {@code OAuthClient},
 * actions {@code Authenticate} and {@code Authorize}); the worker's own decisions use service
 * {@value #ORGEXPORT_SERVICE}. Every row is level SYSTEM. No row ever holds a secret or a token:
 * the failure details carry none by construction, and nothing else is copied in.
 */
public final class AuditRows {

    /** The platform's service name for OAuth events. */
    public static final String OAUTH_SERVICE = "PeoplePermissions";
    /** Our own service name, for the worker's decisions about tasks and orgs. */
    public static final String ORGEXPORT_SERVICE = "OrgExport";
    public static final String ACTION_REJECT_TASK = "RejectTask";
    public static final String ACTION_QUARANTINE = "Quarantine";
    public static final String ACTION_RELEASE = "Release";
    public static final String ACTION_PIN_ORGANIZATION = "PinOrganization";
    public static final String ACTION_FAIL_RUN = "FailRun";

    private static final int MAX_MESSAGE = 1000;

    private AuditRows() {
    }

    /** Who and what an auth failure happened to: the run, its attempt, and the org's client. */
    public record RunContext(String orgId, String clientId, UUID runId, int attempt, String workerId) {
        public RunContext {
            Objects.requireNonNull(orgId, "orgId");
            Objects.requireNonNull(workerId, "workerId");
        }
    }

    /**
     * One failed authentication or authorization. Token failures are {@code Authenticate} on an
     * {@code AccessToken}, API refusals are {@code Authorize} on the {@code OAuthClient}; the
     * entity id is the OAuth client id, never its secret.
     */
    public static AuditEvent authFailure(FailureDetails failure, RunContext run, Instant at) {
        boolean tokenRequest = failure.kind() == FailureKind.CREDENTIALS_REJECTED
                || failure.kind() == FailureKind.CLIENT_NOT_FOUND
                || failure.kind() == FailureKind.ORG_MISMATCH
                || (failure.kind() == FailureKind.RATE_LIMITED && failure.operation().contains("/oauth/token"));
        String entityType = tokenRequest ? "AccessToken" : "OAuthClient";
        String action = tokenRequest ? "Authenticate" : "Authorize";
        String code = (tokenRequest ? "ACCESSTOKENCREATE_" : "AUTHORIZE_") + failure.kind().name();
        return new AuditEvent(UUID.randomUUID(), at, run.orgId(), OAUTH_SERVICE, "SYSTEM", action, entityType,
                run.clientId(), null, "FAILURE", code, cut(failure.describe()),
                new AuditEvent.Context(failure.regionId(), failure.host(), failure.status().isPresent()
                        ? Integer.valueOf(failure.httpStatus()) : null, failure.errorCode(), failure.correlationId(),
                        failure.kind().name(), failure.operatorHint(), run.runId(), run.attempt(), run.workerId()));
    }

    /**
     * A run ended FAILED at its claim: the attempt the claim counted is past
     * {@code worker.retry.max-attempts}, so the earlier ones ended without an outcome (their worker
     * died: out of memory, killed).
     */
    public static AuditEvent attemptsExhausted(RunContext run, int maxAttempts, Instant at) {
        return new AuditEvent(UUID.randomUUID(), at, run.orgId(), ORGEXPORT_SERVICE, "SYSTEM", ACTION_FAIL_RUN,
                "ExportRun", run.runId().toString(), null, "FAILURE", "RUN_ATTEMPTS_EXHAUSTED",
                cut("run " + run.runId() + " claimed for attempt " + run.attempt() + ", past worker.retry.max-attempts "
                        + maxAttempts + ": earlier attempts ended without an outcome (worker crashed?); failed for good"),
                new AuditEvent.Context(null, null, null, null, null, "ATTEMPTS_EXHAUSTED", null, run.runId(),
                        run.attempt(), run.workerId()));
    }

    /** A task record sent to the dead-letter topic. */
    public static AuditEvent rejectedTask(RejectedRecord record, String workerId, Instant at) {
        return new AuditEvent(UUID.randomUUID(), at, record.orgId(), ORGEXPORT_SERVICE, "SYSTEM", ACTION_REJECT_TASK,
                "ExportTask", record.runId() == null ? null : record.runId().toString(), record.source(), "FAILURE",
                "TASK_REJECTED_" + record.reason(), cut(record.reason() + ": " + record.message()),
                new AuditEvent.Context(null, null, null, null, null, record.reason(), null, record.runId(), null,
                        workerId));
    }

    /**
     * Facts of a rejected record for its audit row.
     *
     * @param source  {@code topic-partition@offset}
     * @param orgId   the org the record names, or null when unreadable
     * @param runId   the run the record names, or null when unreadable
     * @param reason  the reject reason's name
     * @param message why, for the operator
     */
    public record RejectedRecord(String source, String orgId, UUID runId, String reason, String message) {
    }

    /**
     * An org's breaker opened: every worker skips the org until {@code quarantine.until()}.
     *
     * @param causeKind the failure kind that opened the breaker, or null when unknown
     */
    public static AuditEvent quarantine(OrgQuarantine quarantine, String orgName, String causeKind) {
        return new AuditEvent(UUID.randomUUID(), quarantine.since(), quarantine.orgId(), ORGEXPORT_SERVICE, "SYSTEM",
                ACTION_QUARANTINE, "Organization", quarantine.orgId(), orgName, "WARNING", "ORG_QUARANTINED",
                cut("org " + quarantine.orgId() + " quarantined until " + quarantine.until() + ": " + quarantine.reason()),
                new AuditEvent.Context(null, null, null, null, null, causeKind,
                        causeKind == null ? null : FailureKind.valueOf(causeKind).operatorHint(), null, null,
                        quarantine.setBy()));
    }

    /** An org's breaker closed again: its runs may go on. */
    public static AuditEvent release(String orgId, String orgName, String workerId, Instant at) {
        return new AuditEvent(UUID.randomUUID(), at, orgId, ORGEXPORT_SERVICE, "SYSTEM", ACTION_RELEASE,
                "Organization", orgId, orgName, "SUCCESS", "ORG_RELEASED",
                "org " + orgId + " released: its circuit breaker closed after a successful call",
                new AuditEvent.Context(null, null, null, null, null, null, null, null, null, workerId));
    }

    /**
     * An org was pinned to the platform organization of its first verified token: which client got
     * that token, in which region, and the organization's id and name.
     */
    public static AuditEvent pinOrganization(String orgId, OrgPin pin, String workerId) {
        return new AuditEvent(UUID.randomUUID(), pin.pinnedAt(), orgId, ORGEXPORT_SERVICE, "SYSTEM",
                ACTION_PIN_ORGANIZATION, "Organization", pin.organizationId(), pin.organizationName(), "SUCCESS",
                "ORG_PINNED", cut("org " + orgId + " pinned to organization " + pin.describe() + " by the first verified "
                        + "token of client " + pin.clientId() + " in " + pin.region()
                        + "; every later token must belong to it"),
                new AuditEvent.Context(pin.region(), null, null, null, null, null, null, null, null, workerId));
    }

    private static String cut(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
