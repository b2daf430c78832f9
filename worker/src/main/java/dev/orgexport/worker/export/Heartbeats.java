package dev.orgexport.worker.export;

import dev.orgexport.schema.run.PostgresRunStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease heartbeat, on its own thread ({@code worker-heartbeat}) so that nothing an export
 * does (a hung call, a slow file) can delay it. Every {@code worker.heartbeat} it extends, in one
 * statement, the leases of the runs that progressed since the last heartbeat: a run that started a
 * step, a run waiting on its own timer between job polls, a run whose platform call (retries and
 * Retry-After waits included) has been open for less than {@code worker.call-patience}, and a
 * claimed run still waiting for a place in flight. A run stuck in one call past that patience, or
 * in a step, keeps its old expiry; its lease expires and another worker takes the run over
 * (unless its attempt deadline ended it first).
 * A run whose lease could not be extended is stopped, or dropped from the queue: another worker
 * may own it now. Called from one thread only.
 */
final class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    /** What the heartbeat reads from the executor. */
    interface Held {
        /** Runs in flight now. */
        Map<UUID, RunExecution> running();

        /** Claimed runs waiting for a place in flight. */
        List<FairDispatch.Pending> queued();

        /** A queued run whose lease could not be extended; false when it already started. */
        boolean dropQueued(FairDispatch.Pending pending);
    }

    private final PostgresRunStore runs;
    private final String workerId;
    private final Duration lease;
    private final Duration callPatience;
    private final Held held;
    private final Map<UUID, Long> progressSeen = new HashMap<>();

    Heartbeats(PostgresRunStore runs, String workerId, Duration lease, Duration callPatience, Held held) {
        this.runs = runs;
        this.workerId = workerId;
        this.lease = lease;
        this.callPatience = callPatience;
        this.held = held;
    }

    void beat() {
        Map<UUID, RunExecution> running = held.running();
        List<FairDispatch.Pending> queued = held.queued();
        if (running.isEmpty() && queued.isEmpty()) {
            progressSeen.clear();
            return;
        }
        Set<UUID> renew = new HashSet<>();
        Map<UUID, Long> progress = new HashMap<>();
        running.forEach((id, execution) -> {
            long now = execution.progress();
            progress.put(id, now);
            Long seen = progressSeen.get(id);
            Duration call = execution.openCallAge();
            if (seen == null || seen != now || execution.waitingOnTimer()
                    || (!call.isZero() && call.compareTo(callPatience) < 0)) {
                renew.add(id);
            } else {
                log.warn("run {} org={}: no progress since the last heartbeat ({}); lease not extended", id,
                        execution.facts().orgId(), call.isZero() ? "a step that does not end"
                                : "a platform call open for " + call.toSeconds() + " s, past worker.call-patience "
                                + callPatience);
            }
        });
        queued.forEach(pending -> renew.add(pending.runId()));
        try {
            Set<UUID> extended = runs.heartbeat(renew, workerId, lease);
            for (UUID id : renew) {
                if (extended.contains(id)) {
                    continue;
                }
                RunExecution execution = running.get(id);
                if (execution != null && !execution.ended()) {
                    log.warn("run {} org={}: lease could not be extended; stopping its export", id,
                            execution.facts().orgId());
                    execution.stop(RunExecution.Stop.LEASE_LOST);
                }
            }
            for (FairDispatch.Pending pending : queued) {
                if (!extended.contains(pending.runId()) && held.dropQueued(pending)) {
                    log.warn("run {} org={}: lease lost while waiting for a place in flight; dropped", pending.runId(),
                            pending.orgId());
                }
            }
            progressSeen.clear();
            progressSeen.putAll(progress);
        } catch (RuntimeException e) {
            // Leases run on; the next heartbeat tries again well before they expire (heartbeat <= lease / 3).
            log.warn("heartbeat of {} leases failed; will try again: {}", renew.size(), e.toString());
        }
    }
}
