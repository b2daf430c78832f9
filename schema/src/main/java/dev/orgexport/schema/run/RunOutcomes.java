package dev.orgexport.schema.run;

import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.SafeText;
import dev.orgexport.schema.db.Sql;
import dev.orgexport.schema.outbox.OutboxMessage;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * How the holder of a run's lease ends its attempt, in {@code export_run}: succeed, wait for
 * a retry, postpone without spending the attempt, fail for good, or give the lease back. Each is one guarded update that applies only
 * while {@code owner} holds a live lease (see {@link PostgresRunStore}); false means the lease
 * was lost and the caller must not act as if the outcome was recorded. Every outcome releases
 * the lease. Thread-safe.
 */
public final class RunOutcomes {

    private final PostgresRunStore store;
    private final PostgresOutboxStore outbox;
    private final PostgresAuditStore audit;

    public RunOutcomes(PostgresRunStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.outbox = new PostgresOutboxStore(store.dataSource);
        this.audit = new PostgresAuditStore(store.dataSource);
    }

    /**
     * RUNNING → SUCCEEDED with a new version of the file: the run points at it and it is appended
     * to {@code export_run_version} as the next version, in the same statement. A SUCCEEDED run
     * changes again only through an operator's re-export.
     */
    public boolean succeed(UUID runId, String owner, Run.RunResult result) {
        return succeed(runId, owner, result, null, true);
    }

    /**
     * As {@link #succeed(UUID, String, Run.RunResult)}, with the outcome's event written to the
     * outbox in the same transaction (the relay publishes it at least once), when not null.
     */
    public boolean succeed(UUID runId, String owner, Run.RunResult result, OutboxMessage event) {
        return succeed(runId, owner, result, event, true);
    }

    /**
     * As {@link #succeed(UUID, String, Run.RunResult, OutboxMessage)}; with {@code newVersion}
     * false (a re-export whose content equals the newest version) no version is appended and
     * {@code result} must be that newest version.
     */
    public boolean succeed(UUID runId, String owner, Run.RunResult result, OutboxMessage event, boolean newVersion) {
        Objects.requireNonNull(result, "result");
        Instant now = store.clock.instant();
        String update = "UPDATE export_run SET state = 'SUCCEEDED', result_location = ?, record_count = ?, byte_count = ?, "
                + "sha256 = ?, lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = NULL, "
                + "finished_at = ?, updated_at = ? WHERE run_id = ? AND " + PostgresRunStore.HELD;
        // The version row is appended by the same statement, so a success and its version never part.
        String sql = !newVersion ? update
                : "WITH done AS (" + update + " RETURNING run_id, attempt, result_location, record_count, byte_count, sha256, "
                        + "finished_at) INSERT INTO export_run_version (run_id, version, location, records, bytes, sha256, "
                        + "exported_at, attempt, worker_id) SELECT d.run_id, COALESCE((SELECT max(v.version) FROM "
                        + "export_run_version v WHERE v.run_id = d.run_id), 0) + 1, d.result_location, d.record_count, "
                        + "d.byte_count, d.sha256, d.finished_at, d.attempt, ? FROM done d";
        return store.updateHeldAnd(runId, owner, "record the success of", sql,
                statement -> {
                    statement.setString(1, result.location());
                    statement.setLong(2, result.records());
                    statement.setLong(3, result.bytes());
                    statement.setString(4, result.sha256());
                    Sql.setInstant(statement, 5, now);
                    Sql.setInstant(statement, 6, now);
                    statement.setObject(7, runId);
                    statement.setString(8, owner);
                    Sql.setInstant(statement, 9, now);
                    if (newVersion) {
                        statement.setString(10, owner);
                    }
                }, announce(event, null, now));
    }

    private PostgresRunStore.AndThen announce(OutboxMessage event, AuditEvent auditRow, Instant now) {
        return connection -> {
            if (event != null) {
                outbox.append(connection, List.of(event), now);
            }
            if (auditRow != null) {
                audit.append(connection, auditRow);
            }
        };
    }

    /**
     * RUNNING → RETRY_WAIT until {@code nextAttemptAt}, keeping the platform job id so the next
     * attempt polls the same job; the sweeper re-queues the run when it is due.
     */
    public boolean retryWait(UUID runId, String owner, Instant nextAttemptAt, RunFailure failure) {
        return waitUntil(runId, owner, nextAttemptAt, failure, false, "schedule a retry of");
    }

    /**
     * RUNNING → RETRY_WAIT until {@code until} without spending the attempt: the worker made no
     * platform call that could fail (the platform's data is not complete yet, the org is
     * quarantined or paused), so the attempt is given back along with the lease.
     */
    public boolean postpone(UUID runId, String owner, Instant until, RunFailure reason) {
        return waitUntil(runId, owner, until, reason, true, "postpone");
    }

    private boolean waitUntil(UUID runId, String owner, Instant until, RunFailure reason, boolean refundAttempt,
                              String action) {
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
        Instant now = store.clock.instant();
        return store.updateHeld(runId, owner, action,
                "UPDATE export_run SET state = 'RETRY_WAIT', next_attempt_at = ?, "
                        + (refundAttempt ? "attempt = GREATEST(attempt - 1, 0), " : "")
                        + "last_failure_kind = ?, last_failure_message = ?, lease_owner = NULL, lease_expires_at = NULL, "
                        + "updated_at = ? WHERE run_id = ? AND " + PostgresRunStore.HELD,
                statement -> {
                    Sql.setInstant(statement, 1, until);
                    statement.setString(2, reason.kind());
                    statement.setString(3, SafeText.clean(reason.message()));
                    Sql.setInstant(statement, 4, now);
                    statement.setObject(5, runId);
                    statement.setString(6, owner);
                    Sql.setInstant(statement, 7, now);
                });
    }

    /** RUNNING → FAILED for good: attempts or age used up, or a failure no retry can fix. */
    public boolean fail(UUID runId, String owner, RunFailure failure) {
        return fail(runId, owner, failure, null, null);
    }

    /**
     * As {@link #fail(UUID, String, RunFailure)}, with the outcome's event in the outbox and an
     * audit row, each when not null, in the same transaction.
     */
    public boolean fail(UUID runId, String owner, RunFailure failure, OutboxMessage event, AuditEvent auditRow) {
        Objects.requireNonNull(failure, "failure");
        Instant now = store.clock.instant();
        return store.updateHeldAnd(runId, owner, "record the failure of",
                "UPDATE export_run SET state = 'FAILED', last_failure_kind = ?, last_failure_message = ?, "
                        + "lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = NULL, finished_at = ?, "
                        + "updated_at = ? WHERE run_id = ? AND " + PostgresRunStore.HELD,
                statement -> {
                    statement.setString(1, failure.kind());
                    statement.setString(2, SafeText.clean(failure.message()));
                    Sql.setInstant(statement, 3, now);
                    Sql.setInstant(statement, 4, now);
                    statement.setObject(5, runId);
                    statement.setString(6, owner);
                    Sql.setInstant(statement, 7, now);
                }, announce(event, auditRow, now));
    }

    /**
     * Gives the lease back unfinished (a worker shutting down): the lease expires now and the
     * attempt is not counted. The run stays RUNNING with an expired lease, the one shape that
     * both a worker's claim and the sweeper already take over, so it is resumed even if nobody
     * re-publishes its task; the platform job id is kept for the next holder.
     */
    public boolean giveBack(UUID runId, String owner) {
        Instant now = store.clock.instant();
        return store.updateHeld(runId, owner, "give back the lease of",
                "UPDATE export_run SET lease_expires_at = ?, attempt = GREATEST(attempt - 1, 0), updated_at = ? "
                        + "WHERE run_id = ? AND " + PostgresRunStore.HELD,
                statement -> {
                    Sql.setInstant(statement, 1, now);
                    Sql.setInstant(statement, 2, now);
                    statement.setObject(3, runId);
                    statement.setString(4, owner);
                    Sql.setInstant(statement, 5, now);
                });
    }
}
