package dev.orgexport.schema.run;

import dev.orgexport.schema.db.Sql;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The orchestrator's writes to {@code export_run}, all of which put runs in state QUEUED inside
 * the caller's transaction, so the run and its outbox row commit together:
 * <ul>
 *   <li>{@link #createAllIfAbsent}: the scheduler's and the backfill's runs, many in one
 *       statement; a run whose (org, kind, window start) exists is left alone, whoever created
 *       it, exactly as {@link PostgresRunStore#createIfAbsent} does for one run.</li>
 *   <li>{@link #requeue}: the sweeper's runs that wait for nothing any more: RETRY_WAIT whose
 *       {@code next_attempt_at} has come, RUNNING whose lease expired (its worker died or
 *       stalled), both edges of {@link RunState}'s table, and QUEUED runs nobody claimed for the
 *       stranding time (their task is published again). Runs of disabled, paused or quarantined
 *       orgs are left waiting.</li>
 *   <li>{@link #requeueRange}: the backfill's {@code --requeue}: QUEUED and RETRY_WAIT runs of a
 *       range, published again at once.</li>
 * </ul>
 * Several orchestrators may run at once: {@link #requeue} is the one place where runs are taken
 * with {@code FOR UPDATE SKIP LOCKED}, and its update names the state it expects again, so each
 * run is moved, and announced, once. Thread-safe.
 */
public class PostgresRunQueueStore {

    /** What makes a run due for the sweeper; each names the edge of the transition table it takes. */
    public enum Due {
        /** RETRY_WAIT whose time has come. */
        RETRY_DUE(RunState.RETRY_WAIT, "r.state = 'RETRY_WAIT' AND r.next_attempt_at <= ?", "r.next_attempt_at"),
        /** RUNNING whose lease expired. */
        LEASE_EXPIRED(RunState.RUNNING, "r.state = 'RUNNING' AND r.lease_expires_at <= ?", "r.lease_expires_at"),
        /**
         * QUEUED that no worker claimed since the given time: its task may be gone (dead-lettered
         * while the org was disabled, expired under retention, the topic re-created). Not a state
         * change: the run stays QUEUED and its task is published again; a duplicate task is
         * harmless, the claim turns it into a skip.
         */
        STRANDED(RunState.QUEUED, "r.state = 'QUEUED' AND r.updated_at <= ?", "r.updated_at");

        private final RunState from;
        private final String condition;
        private final String order;

        Due(RunState from, String condition, String order) {
            // Fails at class load, not at 3 a.m., if the transition table ever drops this edge.
            if (from != RunState.QUEUED) {
                from.checkTransition(RunState.QUEUED);
            }
            this.from = from;
            this.condition = condition;
            this.order = order;
        }

        public RunState from() {
            return from;
        }
    }

    /**
     * Inserts the runs in state QUEUED, in one statement, except those whose (org, kind, window
     * start) already has a run.
     *
     * @return the runs this call created, in the order given
     */
    public List<NewRun> createAllIfAbsent(Connection connection, List<NewRun> runs, Instant now) throws SQLException {
        if (runs.isEmpty()) {
            return List.of();
        }
        String sql = "INSERT INTO export_run (run_id, org_id, kind, window_start, window_end, state, created_at, updated_at) "
                + "SELECT t.run_id, t.org_id, t.kind, t.window_start::timestamptz, t.window_end::timestamptz, 'QUEUED', ?, ? "
                + "FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                + "AS t(run_id, org_id, kind, window_start, window_end) "
                + "ON CONFLICT DO NOTHING RETURNING run_id";
        int size = runs.size();
        UUID[] ids = new UUID[size];
        String[] orgIds = new String[size];
        String[] kinds = new String[size];
        String[] starts = new String[size];
        String[] ends = new String[size];
        for (int i = 0; i < size; i++) {
            NewRun run = runs.get(i);
            ids[i] = run.runId();
            orgIds[i] = run.orgId();
            kinds[i] = run.kind().wireName();
            // ISO-8601 with 'Z': PostgreSQL reads it as that instant whatever the session's zone.
            starts[i] = run.window().start().toString();
            ends[i] = run.window().end().toString();
        }
        Set<UUID> created = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.setInstant(statement, 1, now);
            Sql.setInstant(statement, 2, now);
            statement.setArray(3, connection.createArrayOf("uuid", ids));
            statement.setArray(4, connection.createArrayOf("text", orgIds));
            statement.setArray(5, connection.createArrayOf("text", kinds));
            statement.setArray(6, connection.createArrayOf("text", starts));
            statement.setArray(7, connection.createArrayOf("text", ends));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    created.add(rows.getObject(1, UUID.class));
                }
            }
        }
        List<NewRun> result = new ArrayList<>(created.size());
        for (NewRun run : runs) {
            if (created.remove(run.runId())) {
                result.add(run);
            }
        }
        return result;
    }

    /**
     * Moves up to {@code limit} runs that are {@code due} at {@code now} to QUEUED (lease and
     * retry time cleared, platform job kept so the next attempt polls the same job), oldest due
     * first, and returns them. Runs locked by another transaction are skipped, not waited for.
     */
    public List<RequeuedRun> requeue(Connection connection, Due due, Instant now, int limit) throws SQLException {
        return requeue(connection, due, now, now, limit);
    }

    /**
     * As {@link #requeue(Connection, Due, Instant, int)}, with the instant the due condition
     * compares with apart from now: for {@link Due#STRANDED}, now minus the stranding time.
     */
    public List<RequeuedRun> requeue(Connection connection, Due due, Instant dueAt, Instant now, int limit)
            throws SQLException {
        String sql = "WITH picked AS (SELECT r.run_id FROM export_run r JOIN org o ON o.id = r.org_id "
                + "WHERE " + due.condition + " AND o.enabled AND NOT o.paused "
                + "AND NOT EXISTS (SELECT 1 FROM org_quarantine q WHERE q.org_id = r.org_id AND q.until > ?) "
                + "ORDER BY " + due.order + " LIMIT ? FOR UPDATE OF r SKIP LOCKED) "
                + "UPDATE export_run r SET state = 'QUEUED', next_attempt_at = NULL, lease_owner = NULL, "
                + "lease_expires_at = NULL, updated_at = ? FROM picked WHERE r.run_id = picked.run_id AND "
                + due.condition
                + " RETURNING r.run_id, r.org_id, r.kind, r.window_start, r.window_end, r.attempt";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.setInstant(statement, 1, dueAt);
            Sql.setInstant(statement, 2, now);
            statement.setInt(3, limit);
            Sql.setInstant(statement, 4, now);
            Sql.setInstant(statement, 5, dueAt);
            return moved(statement, due.from);
        }
    }

    /**
     * Moves the org's RETRY_WAIT runs of {@code kind} whose window starts in {@code [from, to)} to
     * QUEUED, and touches its QUEUED ones there, returning both, so the caller publishes their
     * tasks again (an operator's {@code backfill --requeue}: the tasks were lost).
     */
    public List<RequeuedRun> requeueRange(Connection connection, String orgId, ExportKind kind, Instant from, Instant to,
                                          Instant now) throws SQLException {
        return moveRange(connection, "'QUEUED', 'RETRY_WAIT'", orgId, kind, from, to, now);
    }

    /**
     * Moves the org's SUCCEEDED runs of {@code kind} whose window starts in {@code [from, to)} to
     * QUEUED (the transition table's re-export edge), returning them so the caller publishes their
     * tasks: an operator's {@code backfill --reexport} after late changes. The worker writes a new
     * version of each file whose content changed and keeps every earlier version.
     */
    public List<RequeuedRun> reexportRange(Connection connection, String orgId, ExportKind kind, Instant from, Instant to,
                                           Instant now) throws SQLException {
        RunState.SUCCEEDED.checkTransition(RunState.QUEUED);
        return moveRange(connection, "'SUCCEEDED'", orgId, kind, from, to, now);
    }

    private List<RequeuedRun> moveRange(Connection connection, String states, String orgId, ExportKind kind, Instant from,
                                        Instant to, Instant now) throws SQLException {
        String sql = "UPDATE export_run r SET state = 'QUEUED', next_attempt_at = NULL, updated_at = ? "
                + "WHERE r.org_id = ? AND r.kind = ? AND r.window_start >= ? AND r.window_start < ? "
                + "AND r.state IN (" + states + ") "
                + "RETURNING r.run_id, r.org_id, r.kind, r.window_start, r.window_end, r.attempt";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.setInstant(statement, 1, now);
            statement.setString(2, orgId);
            statement.setString(3, kind.wireName());
            Sql.setInstant(statement, 4, from);
            Sql.setInstant(statement, 5, to);
            return moved(statement, RunState.QUEUED);
        }
    }

    /** The runs a {@code UPDATE ... RETURNING run_id, org_id, kind, window_start, window_end, attempt} moved. */
    private static List<RequeuedRun> moved(PreparedStatement statement, RunState from) throws SQLException {
        List<RequeuedRun> runs = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                runs.add(new RequeuedRun(rows.getObject("run_id", UUID.class), rows.getString("org_id"),
                        ExportKind.fromWireName(rows.getString("kind")),
                        new TimeWindow(Sql.getInstant(rows, "window_start"), Sql.getInstant(rows, "window_end")),
                        rows.getInt("attempt"), from));
            }
        }
        return runs;
    }

    /**
     * Makes the RETRY_WAIT runs of the org that a worker postponed because the org was paused
     * ({@code last_failure_kind = 'ORG_PAUSED'}) due at {@code now} (an operator resumed the org).
     *
     * @return how many runs were made due
     */
    public int makePausedRunsDue(Connection connection, String orgId, Instant now) throws SQLException {
        return makeRetryWaitDue(connection, "AND last_failure_kind = 'ORG_PAUSED' ", orgId, now);
    }

    /**
     * Makes every RETRY_WAIT run of the org due at {@code now} (an operator released the org).
     *
     * @return how many runs were made due
     */
    public int makeWaitingRunsDue(Connection connection, String orgId, Instant now) throws SQLException {
        return makeRetryWaitDue(connection, "", orgId, now);
    }

    /** Makes the org's RETRY_WAIT runs that match {@code andCondition} (a constant SQL fragment) due at {@code now}. */
    private static int makeRetryWaitDue(Connection connection, String andCondition, String orgId, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE export_run SET next_attempt_at = ?, updated_at = ? WHERE org_id = ? AND state = 'RETRY_WAIT' "
                        + andCondition + "AND (next_attempt_at IS NULL OR next_attempt_at > ?)")) {
            Sql.setInstant(statement, 1, now);
            Sql.setInstant(statement, 2, now);
            statement.setString(3, orgId);
            Sql.setInstant(statement, 4, now);
            return statement.executeUpdate();
        }
    }
}
