package dev.orgexport.worker.export;

import dev.orgexport.platform.failure.CircuitOpenException;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.failure.PlatformException;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.db.SafeText;
import dev.orgexport.schema.event.EventCodec;
import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.schema.event.ExportFailed;
import dev.orgexport.schema.event.ExportSucceeded;
import dev.orgexport.schema.quarantine.OrgQuarantine;
import dev.orgexport.schema.outbox.OutboxMessage;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.run.RunFailure;
import dev.orgexport.worker.audit.AuditRows;
import dev.orgexport.worker.metrics.WorkerMetrics.ExportOutcome;
import dev.orgexport.worker.sink.SinkException;
import dev.orgexport.worker.sink.SinkResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how an attempt ended: the guarded run update with its {@code export.succeeded} or
 * {@code export.failed} event in the outbox in the same transaction (published by the
 * orchestrator's relay, at least once; consumers deduplicate by run id and attempt), then the
 * audit row, the meters and one log line. Failures are decided here, once: an open breaker postpones the run to
 * its reopen time without spending the attempt; a refused request fails the run at once; anything
 * else waits for a retry with backoff (never before the breaker's reopen time or the platform's
 * {@code Retry-After}) until the retry policy is used up, and then fails the run with an
 * {@code export.failed} event. A guarded update that applies to no row means the lease was lost:
 * nothing more is written. Thread-safe.
 */
final class AttemptEnd {

    private static final Logger log = LoggerFactory.getLogger(AttemptEnd.class);
    /** Longer than any per-minute budget window: a 429 asking for more is a daily limit. */
    static final Duration PARK_THRESHOLD = Duration.ofMinutes(10);

    private final ExportServices services;
    private final String workerId;
    private final EventCodec codec = new EventCodec();

    AttemptEnd(ExportServices services) {
        this.services = services;
        this.workerId = services.config().workerId();
    }

    void succeeded(RunFacts facts, SinkResult file) {
        Run.RunResult result = new Run.RunResult(file.location().toString(), file.records(), file.bytes(), file.sha256());
        Instant now = services.clock().instant();
        // The event goes to the outbox in the transaction of the outcome; the relay publishes it.
        OutboxMessage event = event(facts, ExportSucceeded.of(facts.runId(), facts.orgId(), facts.run().kind(),
                facts.run().window(), facts.run().attempt(), new ExportSucceeded.FileFacts(result.location(),
                        result.records(), result.bytes(), result.sha256()), workerId, now, facts.task().traceId()));
        if (!services.stores().outcomes().succeed(facts.runId(), workerId, result, event)) {
            leaseLost(facts, "recording its success");
            return;
        }
        Duration took = Duration.between(facts.startedAt(), now);
        services.metrics().exportSucceeded(facts.kind(), took);
        log.info("run {} org={} kind={} window={} attempt {} succeeded in {} ms: {} records, {} bytes, sha256 {} at {}",
                facts.runId(), facts.orgId(), facts.kind(), facts.run().window().toInterval(), facts.run().attempt(),
                took.toMillis(), file.records(), file.bytes(), file.sha256(), file.location());
    }

    /**
     * The claim counted an attempt past {@code worker.retry.max-attempts}: the earlier attempts
     * ended without an outcome (their worker died), so the run fails now, before any platform
     * call, with an audit row and an {@code export.failed} event, instead of being taken over
     * after every lease expiry forever.
     */
    void attemptsExhausted(RunFacts facts) {
        int max = services.config().retry().maxAttempts();
        Instant now = services.clock().instant();
        RunFailure failure = new RunFailure("ATTEMPTS_EXHAUSTED", "attempt " + facts.run().attempt()
                + " is past worker.retry.max-attempts " + max + "; the earlier attempts ended without an outcome");
        failForGood(facts, failure, now, AuditRows.attemptsExhausted(new AuditRows.RunContext(facts.orgId(),
                facts.org().clientId(), facts.runId(), facts.run().attempt(), workerId), max, now));
    }

    private OutboxMessage event(RunFacts facts, ExportEvent event) {
        return new OutboxMessage(services.config().kafka().eventsTopic(), facts.orgId(),
                new String(codec.write(event), StandardCharsets.UTF_8));
    }

    /** A re-export found the same content as the newest version: SUCCEEDED again, no new version. */
    void reexportUnchanged(RunFacts facts, Run.RunResult newest) {
        if (!services.stores().outcomes().succeed(facts.runId(), workerId, newest, null, false)) {
            leaseLost(facts, "recording its unchanged re-export");
            return;
        }
        services.metrics().exportSucceeded(facts.kind(), Duration.between(facts.startedAt(), services.clock().instant()));
        log.info("run {} org={} kind={} window={}: re-export unchanged (sha256 {}); no new version, {} stays the newest",
                facts.runId(), facts.orgId(), facts.kind(), facts.run().window().toInterval(), newest.sha256(),
                newest.location());
    }

    /** The run waits until {@code until} without spending the attempt: no platform call failed. */
    void postponed(RunFacts facts, Instant until, RunFailure reason) {
        if (!services.stores().outcomes().postpone(facts.runId(), workerId, until, reason)) {
            leaseLost(facts, "postponing it");
            return;
        }
        services.metrics().exportEnded(facts.kind(), ExportOutcome.POSTPONED);
        log.info("run {} org={} kind={} postponed until {}: {} {}", facts.runId(), facts.orgId(), facts.kind(), until,
                reason.kind(), reason.message());
    }

    void failed(RunFacts facts, Throwable cause) {
        if (cause instanceof CircuitOpenException open) {
            postponed(facts, open.reopenAt(), new RunFailure(open.kind().name(),
                    "circuit breaker of the org is open: " + open.getMessage()));
            return;
        }
        Instant now = services.clock().instant();
        if (cause instanceof PlatformException limited && longRateLimit(limited)) {
            park(facts, limited, now);
            return;
        }
        RunFailure failure;
        boolean permanent = false;
        Instant notBefore = null;
        if (cause instanceof PlatformException platform) {
            services.auditor().record(platform, new AuditRows.RunContext(facts.orgId(), facts.org().clientId(),
                    facts.runId(), facts.run().attempt(), workerId));
            failure = new RunFailure(platform.kind().name(), platform.getMessage());
            permanent = platform.kind() == FailureKind.REQUEST_REJECTED;
            notBefore = later(platform.retryAfter().map(now::plus),
                    services.platform().reopenAt(facts.orgId()));
        } else if (cause instanceof JobTroubleException job) {
            failure = job.failure();
        } else if (cause instanceof SinkException sink) {
            failure = new RunFailure(RunFailure.SINK_IO, sink.getMessage());
        } else {
            failure = new RunFailure(RunFailure.WORKER_ERROR, cause.toString());
            log.error("run {} org={} kind={} attempt {} hit an unexpected error", facts.runId(), facts.orgId(),
                    facts.kind(), facts.run().attempt(), cause);
        }
        if (permanent || services.config().retry().exhausted(facts.run().attempt(), facts.run().createdAt(), now)) {
            failForGood(facts, failure, now, null);
        } else {
            retryLater(facts, failure, now, notBefore);
        }
    }

    private void retryLater(RunFacts facts, RunFailure failure, Instant now, Instant notBefore) {
        Instant next = now.plus(services.config().retry().backoff(facts.run().attempt(), services.random()));
        if (notBefore != null && notBefore.isAfter(next)) {
            next = notBefore;
        }
        if (!services.stores().outcomes().retryWait(facts.runId(), workerId, next, failure)) {
            leaseLost(facts, "scheduling its retry");
            return;
        }
        services.metrics().exportEnded(facts.kind(), ExportOutcome.RETRY_WAIT);
        log.warn("run {} org={} kind={} attempt {} failed, retry at {}: {}", facts.runId(), facts.orgId(), facts.kind(),
                facts.run().attempt(), next, failure.message());
    }

    private void failForGood(RunFacts facts, RunFailure failure, Instant now, AuditEvent auditRow) {
        // jsonb and text columns cannot hold NUL: the platform's message is made safe first.
        failure = new RunFailure(failure.kind(), SafeText.clean(failure.message()));
        OutboxMessage event = event(facts, ExportFailed.of(facts.runId(), facts.orgId(), facts.run().kind(),
                facts.run().window(), facts.run().attempt(), new ExportFailed.Failure(failure.kind(), failure.message()),
                workerId, now, facts.task().traceId()));
        if (!services.stores().outcomes().fail(facts.runId(), workerId, failure, event, auditRow)) {
            leaseLost(facts, "recording its failure");
            return;
        }
        services.metrics().exportEnded(facts.kind(), ExportOutcome.FAILED);
        log.error("run {} org={} kind={} FAILED after attempt {}: {} {}", facts.runId(), facts.orgId(), facts.kind(),
                facts.run().attempt(), failure.kind(), failure.message());
    }

    /**
     * A 429 that asks for more than {@link #PARK_THRESHOLD}: a daily (or other long) limit, not
     * the per-minute budget (S1: "few minutes to hours"). Retrying before then only spends requests.
     */
    private static boolean longRateLimit(PlatformException failure) {
        return failure.kind() == FailureKind.RATE_LIMITED
                && failure.retryAfter().map(wait -> wait.compareTo(PARK_THRESHOLD) > 0).orElse(false);
    }

    /**
     * Parks the whole org until the time the platform gave (capped by {@code worker.max-park}):
     * an {@code org_quarantine} row with a {@code Quarantine} audit row, so every worker's runs of
     * the org wait without calling the platform; this run waits too, without spending its attempt.
     */
    private void park(RunFacts facts, PlatformException limited, Instant now) {
        Duration asked = limited.retryAfter().orElseThrow();
        Duration cap = services.config().paging().maxPark();
        Instant until = now.plus(asked.compareTo(cap) > 0 ? cap : asked);
        String reason = FailureKind.RATE_LIMITED.name() + ": the platform's rate limit asks to wait " + asked.toSeconds()
                + " s (Retry-After" + (asked.compareTo(cap) > 0 ? ", capped by worker.max-park" : "") + "); "
                + limited.details().operation() + " HTTP " + limited.details().httpStatus()
                + limited.correlationId().map(id -> ", correlation id " + id).orElse("");
        OrgQuarantine parked = new OrgQuarantine(facts.orgId(), reason, now, until, workerId);
        services.stores().quarantines().open(parked, AuditRows.quarantine(parked, facts.org().name(),
                FailureKind.RATE_LIMITED.name()));
        log.warn("org={} parked until {} by a long rate limit (run {} kind={}): {}", facts.orgId(), until, facts.runId(),
                facts.kind(), reason);
        postponed(facts, until, new RunFailure(RunFailure.ORG_PARKED, reason));
    }

    /** Shutdown: the lease goes back unfinished and the attempt is not counted. */
    void givenBack(RunFacts facts) {
        boolean given = services.stores().outcomes().giveBack(facts.runId(), workerId);
        services.metrics().exportEnded(facts.kind(), given ? ExportOutcome.GIVEN_BACK : ExportOutcome.LEASE_LOST);
        log.info("run {} org={} kind={}: lease {} at shutdown", facts.runId(), facts.orgId(), facts.kind(),
                given ? "given back" : "already lost");
    }

    void leaseLost(RunFacts facts, String during) {
        services.metrics().exportEnded(facts.kind(), ExportOutcome.LEASE_LOST);
        log.warn("run {} org={} kind={} attempt {}: lease lost while {}; another worker owns the run now, "
                + "nothing more is written", facts.runId(), facts.orgId(), facts.kind(), facts.run().attempt(), during);
    }

    private static Instant later(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b.orElse(null);
        }
        return b.isEmpty() || a.get().isAfter(b.get()) ? a.get() : b.get();
    }
}
