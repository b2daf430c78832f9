package dev.orgexport.worker.export;

import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.worker.DispatchSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs this worker exports, from claim to outcome. A claimed run waits in its org's queue
 * ({@link FairDispatch}, at most {@code worker.backlog}) until it may start: fewer than
 * {@code worker.concurrency} runs in flight, and fewer of its org than its org's budget can feed
 * ({@link OrgPace}, or {@code worker.org-concurrency}); orgs take turns. A run in flight holds no
 * thread while it waits for a permit, a platform answer or its next job poll: its steps run on the
 * {@code worker.export-threads} threads {@code worker-export-N}; job-poll waits and attempt
 * deadlines on the timer {@code worker-timer}; lease heartbeats on their own thread
 * {@code worker-heartbeat} ({@link Heartbeats}).
 *
 * <p>Shutdown ({@link #close}): no new run is accepted; held runs get {@code worker.shutdown-grace}
 * to finish; the rest are stopped at their next step and give their lease back; any still busy
 * after a few more seconds have their lease given back from here. Thread-safe; {@link #launch}
 * is called by the consumer thread only.
 */
public final class ExportExecutor implements RunLauncher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExportExecutor.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final ExportServices services;
    private final ExecutorService pool;
    private final ScheduledThreadPoolExecutor timer;
    private final ScheduledExecutorService heartbeatThread;
    private final FairDispatch dispatch;
    private final ToDoubleFunction<String> permitsPerSecond;
    private final Map<String, OrgPace> paces = new ConcurrentHashMap<>();
    private final Map<UUID, RunExecution> held = new ConcurrentHashMap<>();
    private final List<Runnable> roomListeners = new CopyOnWriteArrayList<>();
    private final Map<UUID, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
    private final Object drained = new Object();
    private volatile boolean accepting = true;

    /**
     * @param permitsPerSecond the API budget of an org, by org id, in calls per second
     *                         ({@link Double#POSITIVE_INFINITY} when calls are not rate-limited)
     */
    public ExportExecutor(ExportServices services, ToDoubleFunction<String> permitsPerSecond) {
        this.services = services;
        this.permitsPerSecond = permitsPerSecond;
        DispatchSettings settings = services.config().dispatch();
        this.pool = Executors.newFixedThreadPool(settings.exportThreads(), named("worker-export-", false));
        this.timer = new ScheduledThreadPoolExecutor(1, named("worker-timer", true));
        timer.setRemoveOnCancelPolicy(true); // one deadline per run, cancelled when the run ends
        this.heartbeatThread = Executors.newSingleThreadScheduledExecutor(named("worker-heartbeat", true));
        this.dispatch = new FairDispatch(services.config().concurrency(), this::orgBound, this::start);
        Heartbeats heartbeats = new Heartbeats(services.stores().runs(), services.config().workerId(),
                services.config().lease(), settings.callPatience(), new Heartbeats.Held() {
                    @Override
                    public Map<UUID, RunExecution> running() {
                        return Map.copyOf(held);
                    }

                    @Override
                    public List<FairDispatch.Pending> queued() {
                        return dispatch.queuedRuns();
                    }

                    @Override
                    public boolean dropQueued(FairDispatch.Pending pending) {
                        boolean dropped = dispatch.remove(pending.runId(), pending.orgId());
                        if (dropped) {
                            roomFreed();
                        }
                        return dropped;
                    }
                });
        long heartbeat = services.config().heartbeat().toMillis();
        heartbeatThread.scheduleWithFixedDelay(heartbeats::beat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        services.metrics().inFlight(held::size);
    }

    /** Room in the backlog: the consumer claims only while this is true. */
    @Override
    public boolean hasRoom() {
        return accepting && dispatch.queued() < services.config().dispatch().backlog();
    }

    @Override
    public void launch(ExportTask task, OrgRecord org, Run claimed) {
        dispatch.offer(new FairDispatch.Pending(task, org, claimed));
    }

    /** Starts a run the dispatch picked: one execution, with its attempt deadline on the timer. */
    private void start(FairDispatch.Pending pending) {
        if (!accepting) {
            giveBack(pending);
            dispatch.ended(pending.orgId());
            return;
        }
        RunFacts facts = new RunFacts(pending.task(), pending.org(), pending.run(), services.clock().instant());
        OrgPace pace = pace(pending.orgId());
        RunExecution execution = new RunExecution(services, facts, new RunExecution.Executors(pool, timer), pace,
                this::ended);
        held.put(pending.runId(), execution);
        Duration deadline = services.config().dispatch().attemptDeadline();
        ScheduledFuture<?> timeout = timer.schedule(() -> execution.stop(RunExecution.Stop.DEADLINE),
                deadline.toMillis(), TimeUnit.MILLISECONDS);
        deadlines.put(pending.runId(), timeout);
        roomFreed();
        execution.begin();
    }

    private int orgBound(String orgId) {
        int fixed = services.config().dispatch().orgConcurrency();
        if (fixed > 0) {
            return fixed;
        }
        return pace(orgId).bound(permitsPerSecond.applyAsDouble(orgId), DispatchSettings.DERIVED_ORG_MAX);
    }

    private OrgPace pace(String orgId) {
        return paces.computeIfAbsent(orgId, id -> new OrgPace(services.config().jobPollInterval().toNanos() / 1e9));
    }

    /** Claimed runs waiting for a place in flight. */
    public int queued() {
        return dispatch.queued();
    }

    /** Orgs with runs queued or in flight in this worker. */
    public int activeOrgs() {
        return dispatch.activeOrgs();
    }

    @Override
    public void onRoomFreed(Runnable action) {
        roomListeners.add(action);
    }

    /** Runs held right now. */
    public int inFlight() {
        return held.size();
    }

    private void ended(RunExecution execution) {
        held.remove(execution.facts().runId(), execution);
        ScheduledFuture<?> timeout = deadlines.remove(execution.facts().runId());
        if (timeout != null) {
            timeout.cancel(false);
        }
        dispatch.ended(execution.facts().orgId());
        synchronized (drained) {
            drained.notifyAll();
        }
    }

    private void roomFreed() {
        for (Runnable listener : roomListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("room listener failed: {}", e.toString());
            }
        }
    }

    private void giveBack(FairDispatch.Pending pending) {
        try {
            boolean given = services.stores().outcomes().giveBack(pending.runId(), services.config().workerId());
            log.info("run {} org={} kind={}: lease {} at shutdown before it started", pending.runId(), pending.orgId(),
                    pending.run().kind().wireName(), given ? "given back" : "already lost");
        } catch (RuntimeException e) {
            log.warn("run {} org={}: cannot give the lease back; it will expire: {}", pending.runId(), pending.orgId(),
                    e.toString());
        }
    }

    /**
     * Stops accepting runs, lets held runs finish within {@code worker.shutdown-grace}, gives the
     * leases of the others back, and stops the threads.
     */
    @Override
    public void close() {
        accepting = false;
        dispatch.drainQueued().forEach(this::giveBack);
        Duration grace = services.config().shutdownGrace();
        if (!awaitDrained(grace)) {
            log.info("{} exports still running after the shutdown grace of {} ms; giving their leases back",
                    held.size(), grace.toMillis());
            held.values().forEach(execution -> execution.stop(RunExecution.Stop.SHUTDOWN));
            if (!awaitDrained(STOP_TIMEOUT)) {
                new ArrayList<>(held.values()).forEach(RunExecution::forceGiveBack);
            }
        }
        heartbeatThread.shutdownNow();
        timer.shutdownNow();
        pool.shutdownNow();
        awaitTermination();
        log.info("export executor stopped");
    }

    /**
     * Stops every thread at once without writing anything: what a killed process leaves behind
     * (leases left to expire, temporary files left in place). For crash drills; a normal
     * shutdown is {@link #close()}.
     */
    public void halt() {
        accepting = false;
        // First, so that a step still running records nothing as the threads go (a timer that
        // refuses its next wait would otherwise end the attempt as failed): a dead process cannot.
        held.values().forEach(RunExecution::abandon);
        heartbeatThread.shutdownNow();
        timer.shutdownNow();
        pool.shutdownNow();
        dispatch.drainQueued();
        held.clear();
    }

    private boolean awaitDrained(Duration timeout) {
        // Elapsed time, not the worker's clock: a test's settable clock must not stretch a shutdown.
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (!held.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    drained.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return held.isEmpty();
                }
            }
        }
        return true;
    }

    private void awaitTermination() {
        try {
            if (!pool.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("export threads still busy {} ms after shutdown", STOP_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix, boolean single) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, single ? prefix : prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
