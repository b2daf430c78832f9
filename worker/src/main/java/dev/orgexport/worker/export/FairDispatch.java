package dev.orgexport.worker.export;

import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.task.ExportTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Which claimed run starts next. Claimed runs wait in one queue per org; a run starts when the
 * worker has fewer than {@code maxInFlight} runs in flight and its org fewer than its own bound
 * (what the org's budget can feed, {@link OrgPace}); orgs take turns (round-robin), so a deep
 * backlog of one org never delays the others, and every org with work spends its budget at once.
 *
 * <p>Thread-safe: the consumer thread offers, export threads report ends, the heartbeat reads the
 * queue. Runs are started outside the lock.
 */
final class FairDispatch {

    /** A run this worker claimed and has not started yet. */
    record Pending(ExportTask task, OrgRecord org, Run run) {
        UUID runId() {
            return run.runId();
        }

        String orgId() {
            return run.orgId();
        }
    }

    /** One org's queue and its runs in flight. */
    private static final class Lane {
        final ArrayDeque<Pending> queued = new ArrayDeque<>();
        int running;
        boolean inRotation;
    }

    private final int maxInFlight;
    private final ToIntFunction<String> orgBound;
    private final Consumer<Pending> starter;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final ArrayDeque<String> rotation = new ArrayDeque<>();
    private int running;
    private int queued;

    /**
     * @param maxInFlight runs in flight at once in this worker
     * @param orgBound    runs in flight at once for an org, by org id (asked at each turn)
     * @param starter     starts a run; called outside the lock, never for more than the bounds allow
     */
    FairDispatch(int maxInFlight, ToIntFunction<String> orgBound, Consumer<Pending> starter) {
        this.maxInFlight = maxInFlight;
        this.orgBound = orgBound;
        this.starter = starter;
    }

    /** Queues a claimed run and starts what the bounds allow. */
    void offer(Pending pending) {
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(pending.orgId(), id -> new Lane());
            lane.queued.addLast(pending);
            queued++;
            if (!lane.inRotation) {
                lane.inRotation = true;
                rotation.addLast(pending.orgId());
            }
        }
        startWhatFits();
    }

    /** A run of {@code orgId} started by this dispatch ended; starts what now fits. */
    void ended(String orgId) {
        synchronized (this) {
            Lane lane = lanes.get(orgId);
            if (lane == null || lane.running == 0) {
                throw new IllegalStateException("run of org " + orgId + " ended but none was in flight");
            }
            lane.running--;
            running--;
            forgetIfIdle(orgId, lane);
        }
        startWhatFits();
    }

    /** Starts runs while the bounds allow, one per org per turn. */
    void startWhatFits() {
        List<Pending> start = new ArrayList<>();
        synchronized (this) {
            int blockedInARow = 0;
            while (running < maxInFlight && blockedInARow < rotation.size()) {
                String orgId = rotation.pollFirst();
                Lane lane = lanes.get(orgId);
                if (lane.running >= orgBound.applyAsInt(orgId)) {
                    rotation.addLast(orgId);
                    blockedInARow++;
                    continue;
                }
                blockedInARow = 0;
                start.add(lane.queued.pollFirst());
                queued--;
                lane.running++;
                running++;
                if (lane.queued.isEmpty()) {
                    lane.inRotation = false;
                } else {
                    rotation.addLast(orgId);
                }
            }
        }
        start.forEach(starter);
    }

    /** Removes and returns every queued run (shutdown gives their leases back). */
    synchronized List<Pending> drainQueued() {
        List<Pending> all = new ArrayList<>(queued);
        for (Map.Entry<String, Lane> entry : lanes.entrySet()) {
            all.addAll(entry.getValue().queued);
            entry.getValue().queued.clear();
            entry.getValue().inRotation = false;
        }
        rotation.clear();
        queued = 0;
        lanes.entrySet().removeIf(entry -> entry.getValue().running == 0);
        return all;
    }

    /** Removes a queued run (its lease was lost); false when it is not queued here. */
    synchronized boolean remove(UUID runId, String orgId) {
        Lane lane = lanes.get(orgId);
        if (lane == null || !lane.queued.removeIf(pending -> pending.runId().equals(runId))) {
            return false;
        }
        queued--;
        if (lane.queued.isEmpty() && lane.inRotation) {
            lane.inRotation = false;
            rotation.remove(orgId);
        }
        forgetIfIdle(orgId, lane);
        return true;
    }

    /** The runs waiting to start, for the heartbeat. */
    synchronized List<Pending> queuedRuns() {
        List<Pending> all = new ArrayList<>(queued);
        lanes.values().forEach(lane -> all.addAll(lane.queued));
        return all;
    }

    synchronized int queued() {
        return queued;
    }

    synchronized int running() {
        return running;
    }

    /** Orgs with runs queued or in flight here. */
    synchronized int activeOrgs() {
        return lanes.size();
    }

    private void forgetIfIdle(String orgId, Lane lane) {
        if (lane.running == 0 && lane.queued.isEmpty()) {
            lanes.remove(orgId);
        }
    }
}
