package dev.orgexport.orchestrator.loop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step again and again on one named thread, never two runs at once. The step says
 * when it wants to run next; {@link #wakeUp()} brings that forward unless the step asked to back
 * off. A step that throws (anything, {@link Error} included) is logged, counted and run again
 * after {@code delayAfterFailure}: a long-lived loop must not die of one bad round.
 *
 * <p>Thread-safe. Delays are real time on purpose: they pace the loop, while the time the
 * step works with comes from its own injected clock.
 */
public final class RepeatingStep {

    private static final Logger log = LoggerFactory.getLogger(RepeatingStep.class);

    /** One round of work; returns when to run the next round. */
    @FunctionalInterface
    public interface Step {
        Next run() throws Exception;
    }

    /** When to run the next round, and whether {@link #wakeUp()} may bring it forward. */
    public record Next(Duration delay, boolean wakeable) {
        public Next {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, but was " + delay);
            }
        }

        public static Next after(Duration delay) {
            return new Next(delay, true);
        }

        public static Next now() {
            return new Next(Duration.ZERO, true);
        }

        /** A delay that {@link #wakeUp()} does not shorten: the step is backing off. */
        public static Next backOff(Duration delay) {
            return new Next(delay, false);
        }
    }

    private final String name;
    private final Step step;
    private final Duration delayAfterFailure;
    private final ScheduledExecutorService executor;
    private final AtomicLong failures = new AtomicLong();
    private int consecutiveFailures;
    private ScheduledFuture<?> scheduled;
    private boolean wakeable = true;
    private boolean running;
    private boolean wakeRequested;
    private boolean started;
    private boolean stopped;

    /**
     * @param name              the thread's name, also used in log lines
     * @param delayAfterFailure how long to wait after a round that threw
     */
    public RepeatingStep(String name, Step step, Duration delayAfterFailure) {
        this.name = Objects.requireNonNull(name, "name");
        this.step = Objects.requireNonNull(step, "step");
        this.delayAfterFailure = Objects.requireNonNull(delayAfterFailure, "delayAfterFailure");
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the first round now. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("loop '" + name + "' was already started");
        }
        started = true;
        scheduled = executor.schedule(this::round, 0, TimeUnit.MILLISECONDS);
    }

    /** Runs the next round as soon as possible, unless the step is backing off. */
    public synchronized void wakeUp() {
        if (!started || stopped || !wakeable) {
            return;
        }
        if (running) {
            wakeRequested = true;
            return;
        }
        if (scheduled != null && scheduled.cancel(false)) {
            scheduled = executor.schedule(this::round, 0, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops scheduling rounds and waits up to {@code timeout} for a running round to end. */
    public void stop(Duration timeout) {
        synchronized (this) {
            stopped = true;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("loop '{}' did not end within {}; interrupting it", name, timeout);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Rounds that threw since the start. */
    public long failures() {
        return failures.get();
    }

    public String name() {
        return name;
    }

    private void round() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            running = true;
            wakeRequested = false;
        }
        Next next;
        try {
            next = step.run();
            if (consecutiveFailures > 0) {
                log.info("loop '{}' recovered after {} failed rounds", name, consecutiveFailures);
                consecutiveFailures = 0;
            }
        } catch (Throwable t) {
            failures.incrementAndGet();
            consecutiveFailures++;
            if (consecutiveFailures == 1) {
                log.error("loop '{}' round failed, will keep running and retry in {}", name, delayAfterFailure, t);
            } else {
                log.warn("loop '{}' round failed again ({} in a row), will keep running and retry in {}: {}",
                        name, consecutiveFailures, delayAfterFailure, t.toString());
            }
            next = Next.backOff(delayAfterFailure);
        }
        synchronized (this) {
            running = false;
            if (stopped) {
                return;
            }
            wakeable = next.wakeable();
            Duration delay = wakeRequested && wakeable ? Duration.ZERO : next.delay();
            scheduled = executor.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
