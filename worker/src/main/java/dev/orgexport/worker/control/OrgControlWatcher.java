package dev.orgexport.worker.control;

import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.schema.org.OrgControlLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies operator actions to this worker's in-memory state, so that they take effect on every
 * worker within {@code worker.control-poll}: on its own thread {@code worker-control} it reads the
 * {@code org_control} rows after the last one it saw, and for a RELEASE or a RESUME closes the
 * org's circuit breaker and drops its cached token (the operator fixed the region or the secret;
 * the next call must use the current configuration). Pause needs nothing here: every attempt
 * reads the org's row, paused flag included, when it starts.
 *
 * <p>Starts after the newest row present: a worker that starts later has fresh breakers anyway.
 * A failed read is logged and tried again at the next poll. Thread-safe.
 */
public final class OrgControlWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OrgControlWatcher.class);
    private static final int BATCH = 500;

    private final OrgControlLog controls;
    private final PlatformGateway gateway;
    private final ScheduledExecutorService timer;
    /** The last sequence number applied; guarded by this. */
    private long seen;

    private OrgControlWatcher(OrgControlLog controls, PlatformGateway gateway) {
        this.controls = controls;
        this.gateway = gateway;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "worker-control");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static OrgControlWatcher start(OrgControlLog controls, PlatformGateway gateway, Duration every) {
        OrgControlWatcher watcher = new OrgControlWatcher(controls, gateway);
        try {
            watcher.seen = controls.latest();
        } catch (RuntimeException e) {
            // Applying old releases again only closes breakers this new worker does not have yet.
            log.warn("cannot read the newest org control; starting from the first: {}", e.toString());
        }
        watcher.timer.scheduleWithFixedDelay(watcher::poll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return watcher;
    }

    /**
     * Reads and applies the new actions; never throws. Runs on the timer, and also on the
     * consumer thread before each claim, so that a task re-queued right after a release never
     * meets a breaker this worker has not closed yet (one indexed query).
     */
    public synchronized void poll() {
        try {
            List<OrgControlLog.Entry> entries;
            do {
                entries = controls.after(seen, BATCH);
                for (OrgControlLog.Entry entry : entries) {
                    apply(entry);
                    seen = entry.seq();
                }
            } while (entries.size() == BATCH);
        } catch (RuntimeException e) {
            log.warn("cannot read org controls after {}; will try again: {}", seen, e.toString());
        }
    }

    private void apply(OrgControlLog.Entry entry) {
        if (entry.action() == OrgControlLog.Action.PAUSE) {
            log.info("org={} paused by an operator at {}; new attempts will be postponed", entry.orgId(), entry.at());
            return;
        }
        boolean wasOpen = gateway.release(entry.orgId());
        log.info("org={} {} by an operator at {}: circuit breaker {}, cached token dropped", entry.orgId(),
                entry.action() == OrgControlLog.Action.RELEASE ? "released" : "resumed", entry.at(),
                wasOpen ? "closed" : "was closed");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
