package dev.orgexport.schema.run;

import dev.orgexport.schema.db.Sql;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code export_run} table. Every state change names the states it expects in its
 * {@code WHERE} clause: zero rows updated means another instance got there first (normal),
 * more than one would be a bug since {@code run_id} is the primary key.
 *
 * <p>A worker holds a run through a lease: {@link #claim} grants it, {@link #heartbeat} extends
 * it, and every later write of the holder ({@link #recordPlatformJob} here, the outcomes in
 * {@link RunOutcomes}) names the holder and requires the lease to be live at the store's clock,
 * so a worker that lost its lease (paused too long, taken over) can no longer change the run.
 * Thread-safe; each call uses its own connection unless one is passed in.
 */
public class PostgresRunStore {

    static final String COLUMNS = "run_id, org_id, kind, window_start, window_end, state, attempt, "
            + "next_attempt_at, lease_owner, lease_expires_at, platform_job_id, platform_job_submitted_at, "
            + "result_location, record_count, byte_count, sha256, last_failure_kind, last_failure_message, "
            + "created_at, updated_at";

    /** The guard of every write by the lease holder: parameters owner, now. */
    static final String HELD = "state = 'RUNNING' AND lease_owner = ? AND lease_expires_at > ?";

    protected final DataSource dataSource;
    protected final Clock clock;

    public PostgresRunStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** @param clock the time of leases and state changes; tests pass a settable clock */
    public PostgresRunStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Inserts the run in state QUEUED unless a run for the same (org, kind, window start)
     * exists. Runs inside the caller's transaction, so the run and its outbox row commit together.
     *
     * @return true when this call created the run
     */
    public boolean createIfAbsent(Connection connection, NewRun run, Instant now) throws SQLException {
        String sql = "INSERT INTO export_run (run_id, org_id, kind, window_start, window_end, state, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?) ON CONFLICT DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, run.runId());
            statement.setString(2, run.orgId());
            statement.setString(3, run.kind().wireName());
            Sql.setInstant(statement, 4, run.window().start());
            Sql.setInstant(statement, 5, run.window().end());
            Sql.setInstant(statement, 6, now);
            Sql.setInstant(statement, 7, now);
            return statement.executeUpdate() == 1;
        }
    }

    public Optional<Run> find(UUID runId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM export_run WHERE run_id = ?")) {
            statement.setObject(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(map(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new RunStoreException("cannot read run " + runId, e);
        }
    }

    /**
     * Moves the run to RUNNING under {@code owner}'s lease and counts an attempt, when it is
     * QUEUED, or RUNNING under a lease that expired (its holder died or stalled: the run is
     * taken over, its state stays RUNNING and only the holder changes). Any other state refuses
     * the claim; the answer says why. One statement when granted, two when refused.
     */
    public RunClaim claim(UUID runId, String owner, Duration lease) {
        requireLease(owner, lease);
        Instant now = clock.instant();
        // The sub-select locks the row and keeps the previous holder for the log of a takeover.
        String sql = "UPDATE export_run r SET state = 'RUNNING', attempt = r.attempt + 1, lease_owner = ?, "
                + "lease_expires_at = ?, next_attempt_at = NULL, updated_at = ? "
                + "FROM (SELECT run_id, lease_owner AS previous_owner FROM export_run WHERE run_id = ? FOR UPDATE) p "
                + "WHERE r.run_id = p.run_id "
                + "AND (r.state = 'QUEUED' OR (r.state = 'RUNNING' AND r.lease_expires_at <= ?)) "
                + "RETURNING " + qualified("r") + ", p.previous_owner";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, owner);
            Sql.setInstant(statement, 2, now.plus(lease));
            Sql.setInstant(statement, 3, now);
            statement.setObject(4, runId);
            Sql.setInstant(statement, 5, now);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    Run run = map(rows);
                    String previous = rows.getString("previous_owner");
                    if (rows.next()) {
                        throw new IllegalStateException("claim of run " + runId
                                + " updated more than one row; should never happen since run_id is the primary key");
                    }
                    return new RunClaim(RunClaim.Outcome.CLAIMED, run, previous);
                }
            }
        } catch (SQLException e) {
            throw new RunStoreException("cannot claim run " + runId + " for " + owner, e);
        }
        return RunClaim.refusedFor(find(runId).orElse(null));
    }

    /**
     * Ends now the leases {@code owner} still holds: called by a worker as it starts, when no run
     * of its own can be in flight, so these are a previous process's under the same worker id
     * (worker ids are unique among running workers). Their runs can be claimed again at once, by
     * a redelivered task or the sweeper's next round, instead of after their lease.
     *
     * @return how many leases were ended
     */
    public int endLeasesOf(String owner) {
        Objects.requireNonNull(owner, "owner");
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE export_run SET lease_expires_at = ?, "
                     + "updated_at = ? WHERE state = 'RUNNING' AND lease_owner = ? AND lease_expires_at > ?")) {
            Sql.setInstant(statement, 1, now);
            Sql.setInstant(statement, 2, now);
            statement.setString(3, owner);
            Sql.setInstant(statement, 4, now);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new RunStoreException("cannot end the leases of " + owner, e);
        }
    }

    /**
     * Extends the leases {@code owner} still holds among {@code runIds} to now + {@code lease},
     * in one statement whatever their number.
     *
     * @return the runs whose lease was extended; a run missing from it was lost (taken over,
     *         cancelled, or its lease expired before this heartbeat) and must stop
     */
    public Set<UUID> heartbeat(Collection<UUID> runIds, String owner, Duration lease) {
        requireLease(owner, lease);
        if (runIds.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        String sql = "UPDATE export_run SET lease_expires_at = ?, updated_at = ? WHERE run_id = ANY (?) AND " + HELD
                + " RETURNING run_id";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.setInstant(statement, 1, now.plus(lease));
            Sql.setInstant(statement, 2, now);
            statement.setArray(3, connection.createArrayOf("uuid", runIds.toArray()));
            statement.setString(4, owner);
            Sql.setInstant(statement, 5, now);
            Set<UUID> held = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    held.add(rows.getObject(1, UUID.class));
                }
            }
            return held;
        } catch (SQLException e) {
            throw new RunStoreException("cannot extend the leases of " + runIds.size() + " runs of " + owner, e);
        }
    }

    /**
     * Stores the platform job of the held run, so that a later attempt polls the same job
     * instead of submitting a duplicate; {@code jobId} null forgets it (the job expired or
     * failed, the next attempt submits anew).
     *
     * @return false when the lease was lost
     */
    public boolean recordPlatformJob(UUID runId, String owner, String jobId) {
        Instant now = clock.instant();
        return updateHeld(runId, owner, "record platform job of",
                "UPDATE export_run SET platform_job_id = ?, platform_job_submitted_at = ?, updated_at = ? WHERE run_id = ? AND " + HELD,
                statement -> {
                    statement.setString(1, jobId);
                    Sql.setInstant(statement, 2, jobId == null ? null : now);
                    Sql.setInstant(statement, 3, now);
                    statement.setObject(4, runId);
                    statement.setString(5, owner);
                    Sql.setInstant(statement, 6, now);
                });
    }

    /** Binds the parameters of one statement. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Writes more rows in the transaction of a guarded update that applied. */
    @FunctionalInterface
    interface AndThen {
        void write(Connection connection) throws SQLException;
    }

    /**
     * One guarded update of one run and, only when it applied, {@code andThen}'s writes (the
     * outcome's event in the outbox, an audit row), in one transaction: the outcome and what
     * announces it commit together or not at all.
     */
    boolean updateHeldAnd(UUID runId, String owner, String what, String sql, Binder binder, AndThen andThen) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean applied;
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    binder.bind(statement);
                    int updated = statement.executeUpdate();
                    if (updated > 1) {
                        throw new IllegalStateException(what + " run " + runId + " updated " + updated
                                + " rows; should never happen since run_id is the primary key");
                    }
                    applied = updated == 1;
                }
                if (applied) {
                    andThen.write(connection);
                }
                connection.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new RunStoreException("cannot " + what + " run " + runId + " held by " + owner, e);
        }
    }

    /** Runs one guarded update of one run: true when it applied, false when the guard refused it. */
    /** The newest version number of the run's export ({@code export_run_version}, V5), 0 when it has none. */
    public int latestVersion(UUID runId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT COALESCE(max(version), 0) FROM export_run_version WHERE run_id = ?")) {
            statement.setObject(1, runId);
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new RunStoreException("cannot read the versions of run " + runId, e);
        }
    }

    boolean updateHeld(UUID runId, String owner, String what, String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            int updated = statement.executeUpdate();
            if (updated > 1) {
                throw new IllegalStateException(what + " run " + runId + " updated " + updated
                        + " rows; should never happen since run_id is the primary key");
            }
            return updated == 1;
        } catch (SQLException e) {
            throw new RunStoreException("cannot " + what + " run " + runId + " held by " + owner, e);
        }
    }

    private static void requireLease(String owner, Duration lease) {
        Objects.requireNonNull(owner, "lease owner");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("lease owner must not be blank");
        }
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, but was " + lease);
        }
    }

    private static String qualified(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    /** Maps one row selected with {@link #COLUMNS}. */
    static Run map(ResultSet rows) throws SQLException {
        String location = rows.getString("result_location");
        Run.RunResult result = location == null ? null : new Run.RunResult(location,
                rows.getLong("record_count"), rows.getLong("byte_count"), rows.getString("sha256"));
        return new Run(
                rows.getObject("run_id", UUID.class),
                rows.getString("org_id"),
                ExportKind.fromWireName(rows.getString("kind")),
                new TimeWindow(instant(rows, "window_start"), instant(rows, "window_end")),
                RunState.valueOf(rows.getString("state")),
                rows.getInt("attempt"),
                instant(rows, "next_attempt_at"),
                rows.getString("lease_owner"),
                instant(rows, "lease_expires_at"),
                rows.getString("platform_job_id"),
                instant(rows, "platform_job_submitted_at"),
                result,
                rows.getString("last_failure_kind"),
                rows.getString("last_failure_message"),
                instant(rows, "created_at"),
                instant(rows, "updated_at"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        return Sql.getInstant(rows, column);
    }
}
