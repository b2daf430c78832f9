package dev.orgexport.worker.export;

import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.run.Run;
import dev.orgexport.schema.task.ExportTask;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded set of runs this worker exports at once ({@code worker.concurrency}). Steps run on
 * the pool {@code worker-export-N}; waits and heartbeats on the timer {@code worker-timer}. Every
 * {@code worker.heartbeat} the leases of all held runs are extended in one statement; a run whose
 * lease could not be extended is stopped (another worker may own it now).
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
    private final ScheduledExecutorService timer;
    private final Map<UUID, RunExecution> held = new ConcurrentHashMap<>();
    private final List<Runnable> roomListeners = new CopyOnWriteArrayList<>();
    private final Object drained = new Object();
    private volatile boolean accepting = true;

    public ExportExecutor(ExportServices services) {
        this.services = services;
        int concurrency = services.config().concurrency();
        this.pool = Executors.newFixedThreadPool(concurrency, named("worker-export-", false));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("worker-timer", true));
        long heartbeat = services.config().heartbeat().toMillis();
        timer.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        services.metrics().inFlight(held::size);
    }

    @Override
    public boolean hasRoom() {
        return accepting && held.size() < services.config().concurrency();
    }

    @Override
    public void launch(ExportTask task, OrgRecord org, Run claimed) {
        RunFacts facts = new RunFacts(task, org, claimed, services.clock().instant());
        RunExecution execution = new RunExecution(services, facts, new RunExecution.Executors(pool, timer), this::ended);
        held.put(claimed.runId(), execution);
        execution.begin();
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
        for (Runnable listener : roomListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("room listener failed: {}", e.toString());
            }
        }
        synchronized (drained) {
            drained.notifyAll();
        }
    }

    private void heartbeat() {
        if (held.isEmpty()) {
            return;
        }
        try {
            Set<UUID> ids = Set.copyOf(held.keySet());
            Set<UUID> extended = services.stores().runs().heartbeat(ids, services.config().workerId(),
                    services.config().lease());
            for (UUID id : ids) {
                RunExecution execution = held.get(id);
                if (!extended.contains(id) && execution != null && !execution.ended()) {
                    log.warn("run {} org={}: lease could not be extended; stopping its export", id,
                            execution.facts().orgId());
                    execution.stop(RunExecution.Stop.LEASE_LOST);
                }
            }
        } catch (RuntimeException e) {
            // Leases run on; the next heartbeat tries again well before they expire (heartbeat <= lease / 3).
            log.warn("heartbeat of {} leases failed; will try again in {} ms: {}", held.size(),
                    services.config().heartbeat().toMillis(), e.toString());
        }
    }

    /**
     * Stops accepting runs, lets held runs finish within {@code worker.shutdown-grace}, gives the
     * leases of the others back, and stops the threads.
     */
    @Override
    public void close() {
        accepting = false;
        Duration grace = services.config().shutdownGrace();
        if (!awaitDrained(grace)) {
            log.info("{} exports still running after the shutdown grace of {} ms; giving their leases back",
                    held.size(), grace.toMillis());
            held.values().forEach(execution -> execution.stop(RunExecution.Stop.SHUTDOWN));
            if (!awaitDrained(STOP_TIMEOUT)) {
                new ArrayList<>(held.values()).forEach(RunExecution::forceGiveBack);
            }
        }
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
        timer.shutdownNow();
        pool.shutdownNow();
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
