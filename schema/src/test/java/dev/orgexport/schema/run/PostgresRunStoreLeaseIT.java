package dev.orgexport.schema.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Claims, leases and outcomes of {@code export_run} on a real PostgreSQL. The store's session
 * runs in a far-from-UTC time zone on purpose: instants must not move.
 */
class PostgresRunStoreLeaseIT {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static Database database;
    private static PGSimpleDataSource hostileZone;

    private SettableClock clock;
    private PostgresRunStore runs;
    private RunOutcomes outcomes;
    /** Each test's runs get their own windows: one database serves the whole class. */
    private static final AtomicInteger windowOffset = new AtomicInteger();

    @BeforeAll
    static void database() throws SQLException {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("runlease");
        database = Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password()));
        hostileZone = new PGSimpleDataSource();
        hostileZone.setURL(fresh.jdbcUrl());
        if (fresh.user() != null) {
            hostileZone.setUser(fresh.user());
        }
        if (fresh.password() != null) {
            hostileZone.setPassword(fresh.password());
        }
        hostileZone.setOptions("-c TimeZone=Pacific/Chatham");
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO org (id, name, region, client_id, secret_ref) "
                    + "VALUES ('org-a', 'Org A', 'us-east-1', 'client-a', 'env:ORG_A_SECRET')");
        }
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void stores() {
        clock = new SettableClock(T0);
        runs = new PostgresRunStore(hostileZone, clock);
        outcomes = new RunOutcomes(runs);
    }

    private UUID queuedRun() throws SQLException {
        Instant start = Instant.parse("2024-04-01T00:00:00Z").plus(Duration.ofHours(windowOffset.getAndIncrement()));
        NewRun run = new NewRun("org-a", ExportKind.CONVERSATION_DETAILS, new TimeWindow(start, start.plusSeconds(3600)));
        try (Connection connection = database.dataSource().getConnection()) {
            runs.createIfAbsent(connection, run, T0.minus(Duration.ofHours(1)));
        }
        return run.runId();
    }

    private void setState(UUID runId, String state) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "UPDATE export_run SET state = ?, lease_owner = NULL, lease_expires_at = NULL WHERE run_id = ?")) {
            statement.setString(1, state);
            statement.setObject(2, runId);
            statement.executeUpdate();
        }
    }

    @Test
    void a_claim_moves_a_queued_run_to_running_under_a_lease_and_counts_an_attempt() throws SQLException {
        UUID runId = queuedRun();

        RunClaim claim = runs.claim(runId, "worker-1", LEASE);

        assertThat(claim.outcome()).isEqualTo(RunClaim.Outcome.CLAIMED);
        assertThat(claim.previousOwner()).isNull();
        Run run = runs.find(runId).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        assertThat(run.attempt()).isEqualTo(1);
        assertThat(run.leaseOwner()).isEqualTo("worker-1");
        assertThat(run.leaseExpiresAt()).isEqualTo(T0.plus(LEASE));
        assertThat(claim.run()).isEqualTo(run);
    }

    @Test
    void a_run_under_a_live_lease_is_refused_to_everyone_including_its_holder() throws SQLException {
        UUID runId = queuedRun();
        runs.claim(runId, "worker-1", LEASE);
        clock.advance(LEASE.minusSeconds(1));

        assertThat(runs.claim(runId, "worker-2", LEASE).outcome()).isEqualTo(RunClaim.Outcome.LEASED);
        assertThat(runs.claim(runId, "worker-1", LEASE).outcome()).isEqualTo(RunClaim.Outcome.LEASED);
        assertThat(runs.find(runId).orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void an_expired_lease_is_taken_over_and_names_the_previous_holder() throws SQLException {
        UUID runId = queuedRun();
        runs.claim(runId, "worker-1", LEASE);
        clock.advance(LEASE);

        RunClaim takeover = runs.claim(runId, "worker-2", LEASE);

        assertThat(takeover.outcome()).isEqualTo(RunClaim.Outcome.CLAIMED);
        assertThat(takeover.previousOwner()).isEqualTo("worker-1");
        assertThat(takeover.run().leaseOwner()).isEqualTo("worker-2");
        assertThat(takeover.run().attempt()).isEqualTo(2);
    }

    @Test
    void a_restarted_worker_ends_the_leases_its_previous_process_left_and_no_one_elses() throws SQLException {
        // Owners of their own: the class shares one database, and other tests leave leases of worker-1.
        UUID mine = queuedRun();
        UUID alsoMine = queuedRun();
        UUID theirs = queuedRun();
        runs.claim(mine, "restarted", LEASE);
        runs.claim(alsoMine, "restarted", LEASE);
        runs.claim(theirs, "still-running", LEASE);
        clock.advance(Duration.ofSeconds(5));

        assertThat(runs.endLeasesOf("restarted")).isEqualTo(2);

        assertThat(runs.claim(mine, "restarted", LEASE).outcome()).as("claimable at once").isEqualTo(RunClaim.Outcome.CLAIMED);
        assertThat(runs.find(alsoMine).orElseThrow().leaseExpiresAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(runs.claim(theirs, "restarted", LEASE).outcome()).isEqualTo(RunClaim.Outcome.LEASED);
        assertThat(runs.endLeasesOf("never-started")).isZero();
    }

    @Test
    void finished_waiting_and_unknown_runs_are_never_claimed() throws SQLException {
        for (String state : List.of("SUCCEEDED", "FAILED", "CANCELLED")) {
            UUID runId = queuedRun();
            runs.claim(runId, "worker-1", LEASE);
            if (state.equals("SUCCEEDED")) {
                outcomes.succeed(runId, "worker-1", new Run.RunResult("/out/a.ndjson.gz", 3, 30, "0".repeat(64)));
            } else {
                setState(runId, state);
            }
            assertThat(runs.claim(runId, "worker-2", LEASE).outcome()).as(state).isEqualTo(RunClaim.Outcome.FINISHED);
        }
        UUID waiting = queuedRun();
        runs.claim(waiting, "worker-1", LEASE);
        outcomes.retryWait(waiting, "worker-1", T0.plusSeconds(60), new RunFailure("PLATFORM_UNAVAILABLE", "503"));
        assertThat(runs.claim(waiting, "worker-2", LEASE).outcome()).isEqualTo(RunClaim.Outcome.WAITING);
        assertThat(runs.claim(UUID.randomUUID(), "worker-2", LEASE).outcome()).isEqualTo(RunClaim.Outcome.NOT_FOUND);
    }

    @Test
    void of_many_concurrent_claims_of_one_run_exactly_one_wins() throws Exception {
        UUID runId = queuedRun();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<RunClaim>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String worker = "worker-" + i;
                claims.add(threads.submit((Callable<RunClaim>) () -> runs.claim(runId, worker, LEASE)));
            }
            long won = 0;
            for (Future<RunClaim> claim : claims) {
                won += claim.get().claimed() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(runs.find(runId).orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void a_heartbeat_extends_only_the_leases_its_worker_still_holds() throws SQLException {
        UUID held = queuedRun();
        UUID takenOver = queuedRun();
        runs.claim(held, "worker-1", LEASE);
        runs.claim(takenOver, "worker-1", LEASE);
        clock.advance(LEASE);
        runs.claim(takenOver, "worker-2", LEASE);
        // worker-1's lease on "held" expired too, but nobody took it: a late heartbeat cannot revive it.
        assertThat(runs.heartbeat(List.of(held, takenOver), "worker-1", LEASE)).isEmpty();

        UUID fresh = queuedRun();
        runs.claim(fresh, "worker-1", LEASE);
        clock.advance(Duration.ofSeconds(30));
        Set<UUID> extended = runs.heartbeat(List.of(fresh, takenOver), "worker-1", LEASE);

        assertThat(extended).containsExactly(fresh);
        assertThat(runs.find(fresh).orElseThrow().leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
    }

    @Test
    void a_worker_that_lost_its_lease_can_no_longer_change_the_run() throws SQLException {
        UUID runId = queuedRun();
        runs.claim(runId, "worker-1", LEASE);
        clock.advance(LEASE);
        runs.claim(runId, "worker-2", LEASE);

        Run.RunResult result = new Run.RunResult("/out/a.ndjson.gz", 1, 10, "a".repeat(64));
        assertThat(outcomes.succeed(runId, "worker-1", result)).isFalse();
        assertThat(outcomes.fail(runId, "worker-1", new RunFailure("X", "x"))).isFalse();
        assertThat(outcomes.retryWait(runId, "worker-1", T0, new RunFailure("X", "x"))).isFalse();
        assertThat(outcomes.giveBack(runId, "worker-1")).isFalse();
        assertThat(runs.recordPlatformJob(runId, "worker-1", "job-1")).isFalse();
        Run run = runs.find(runId).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        assertThat(run.leaseOwner()).isEqualTo("worker-2");
        assertThat(run.platformJobId()).isNull();
    }

    @Test
    void success_records_the_result_releases_the_lease_and_is_final() throws SQLException {
        UUID runId = queuedRun();
        runs.claim(runId, "worker-1", LEASE);
        Run.RunResult result = new Run.RunResult("/out/org-a/x.ndjson.gz", 42, 4200, "b".repeat(64));

        assertThat(outcomes.succeed(runId, "worker-1", result)).isTrue();

        Run run = runs.find(runId).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.result()).isEqualTo(result);
        assertThat(run.leaseOwner()).isNull();
        assertThat(outcomes.succeed(runId, "worker-1", result)).isFalse();
        assertThat(outcomes.fail(runId, "worker-1", new RunFailure("X", "x"))).isFalse();
    }

    @Test
    void a_retry_wait_keeps_the_platform_job_for_the_next_attempt() throws SQLException {
        UUID runId = queuedRun();
        runs.claim(runId, "worker-1", LEASE);
        assertThat(runs.recordPlatformJob(runId, "worker-1", "job-7")).isTrue();
        Instant next = T0.plusSeconds(90);

        assertThat(outcomes.retryWait(runId, "worker-1", next, new RunFailure("PLATFORM_UNAVAILABLE", "HTTP 503"))).isTrue();

        Run run = runs.find(runId).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.RETRY_WAIT);
        assertThat(run.nextAttemptAt()).isEqualTo(next);
        assertThat(run.platformJobId()).isEqualTo("job-7");
        assertThat(run.platformJobSubmittedAt()).isEqualTo(T0);
        assertThat(run.lastFailureKind()).isEqualTo("PLATFORM_UNAVAILABLE");
        assertThat(run.leaseOwner()).isNull();
    }

    @Test
    void a_lease_given_back_is_claimable_at_once_without_spending_an_attempt() throws SQLException {
        UUID runId = queuedRun();
        runs.claim(runId, "worker-1", LEASE);
        runs.recordPlatformJob(runId, "worker-1", "job-9");

        assertThat(outcomes.giveBack(runId, "worker-1")).isTrue();
        RunClaim next = runs.claim(runId, "worker-2", LEASE);

        assertThat(next.claimed()).isTrue();
        assertThat(next.previousOwner()).isEqualTo("worker-1");
        assertThat(next.run().attempt()).isEqualTo(1);
        assertThat(next.run().platformJobId()).isEqualTo("job-9");
    }

    @Test
    void a_postponed_run_waits_without_spending_its_attempt() throws SQLException {
        UUID runId = queuedRun();
        runs.claim(runId, "worker-1", LEASE);
        Instant until = T0.plus(Duration.ofMinutes(5));

        assertThat(outcomes.postpone(runId, "worker-1", until, new RunFailure("DATA_NOT_AVAILABLE", "not yet"))).isTrue();

        Run run = runs.find(runId).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.RETRY_WAIT);
        assertThat(run.attempt()).isZero();
        assertThat(run.nextAttemptAt()).isEqualTo(until);
        assertThat(run.lastFailureKind()).isEqualTo("DATA_NOT_AVAILABLE");
    }

    @Test
    void a_failure_is_final_and_keeps_its_kind_and_message() throws SQLException {
        UUID runId = queuedRun();
        runs.claim(runId, "worker-1", LEASE);

        assertThat(outcomes.fail(runId, "worker-1", new RunFailure("CREDENTIALS_REJECTED", "HTTP 401 invalid_client"))).isTrue();

        Run run = runs.find(runId).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.lastFailureKind()).isEqualTo("CREDENTIALS_REJECTED");
        assertThat(run.lastFailureMessage()).isEqualTo("HTTP 401 invalid_client");
        assertThat(runs.claim(runId, "worker-2", LEASE).outcome()).isEqualTo(RunClaim.Outcome.FINISHED);
    }
}
