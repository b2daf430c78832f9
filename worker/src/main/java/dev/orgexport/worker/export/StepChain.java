package dev.orgexport.worker.export;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The plumbing of an execution that never parks a thread: a step runs on the export pool, an
 * asynchronous call's continuation runs there too, a wait is a timer that schedules the next
 * step. Steps of one chain never overlap: each runs holding the chain's lock.
 *
 * <p>A stop request is honoured at once when no step is running (the chain is waiting for a
 * platform call, a rate-limit permit or its timer): a late answer then finds the execution ended
 * and is dropped. When a step is running, the stop is honoured when that step hands over.
 * Anything a step throws goes to the owner.
 *
 * <p>Progress: every step that starts moves {@link #progress()}, so the heartbeat can tell a run
 * that advances from one stuck in a call that never answers. A chain waiting on its own timer is
 * {@link #waitingOnTimer() waiting on purpose}, which counts as progress too, and so does a
 * platform call while it is younger than the worker's call patience ({@link #openCallAge()}).
 */
final class StepChain {

    /** The execution a chain drives. */
    interface Owner {
        /** True once the execution ended; later steps do nothing. */
        boolean ended();

        /** A step or a call failed. */
        void failed(Throwable error);

        /** A stop was asked; end the execution accordingly. */
        void stopped(RunExecution.Stop reason);

        /** A platform call starts; returns whether no other call of its org is open in this worker. */
        boolean callStarted();

        /** The call started with {@link #callStarted()} answered after {@code nanos}. */
        void callEnded(long nanos, boolean solitary);
    }

    private final Executor steps;
    private final ScheduledExecutorService timer;
    private final Owner owner;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile RunExecution.Stop stop;
    private volatile ScheduledFuture<?> waiting;
    private volatile long progress;
    private final AtomicLong callNanos = new AtomicLong();
    /** When the open platform call started ({@link System#nanoTime()}); {@link #NO_CALL} when none is open. */
    private final AtomicLong callOpenSince = new AtomicLong(NO_CALL);
    private static final long NO_CALL = Long.MIN_VALUE;

    StepChain(Executor steps, ScheduledExecutorService timer, Owner owner) {
        this.steps = steps;
        this.timer = timer;
        this.owner = owner;
    }

    void step(Runnable body) {
        steps.execute(() -> run(body));
    }

    /** Runs {@code next} on the pool with the call's value; a failed call goes to the owner. */
    <T> void await(CompletableFuture<T> call, Consumer<T> next) {
        long started = System.nanoTime();
        callOpenSince.set(started);
        boolean solitary = owner.callStarted();
        call.whenComplete((value, error) -> {
            callOpenSince.compareAndSet(started, NO_CALL); // the next call may have started already
            long took = System.nanoTime() - started;
            callNanos.addAndGet(took);
            owner.callEnded(took, solitary);
        });
        call.whenCompleteAsync((value, error) -> run(() -> {
            if (error != null) {
                owner.failed(error);
            } else {
                next.accept(value);
            }
        }), steps);
    }

    /** Schedules {@code body} as the next step after {@code delay}. */
    void later(Duration delay, Runnable body) {
        waiting = timer.schedule(() -> {
            waiting = null;
            step(body);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the chain to stop. Between steps the owner is told at once, on the pool; a running
     * step is left to finish and the stop is honoured when it hands over.
     */
    void stop(RunExecution.Stop reason) {
        stop = reason;
        ScheduledFuture<?> wait = waiting;
        if (wait != null) {
            wait.cancel(false);
        }
        steps.execute(() -> {
            if (lock.tryLock()) {
                try {
                    stopIfAsked();
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    /** Moves each time a step starts. */
    long progress() {
        return progress;
    }

    /** True while the chain waits on its own timer (a job poll interval): a wait by design, not a hang. */
    boolean waitingOnTimer() {
        return waiting != null;
    }

    /** How long the platform call this chain waits for has been open; zero when none is. */
    Duration openCallAge() {
        long since = callOpenSince.get();
        return since == NO_CALL ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /** Total time this chain's platform calls took so far (permit waits included). */
    long callNanos() {
        return callNanos.get();
    }

    private void run(Runnable body) {
        lock.lock();
        try {
            if (stopIfAsked()) {
                return;
            }
            progress++;
            try {
                body.run();
            } catch (Throwable e) {
                owner.failed(e);
            }
            // A stop asked while this step ran found the lock taken: honour it now, whatever the
            // step handed over to (a call that may never answer, a timer, a next step), each of
            // which then finds the execution ended.
            if (stop != null) {
                ScheduledFuture<?> wait = waiting;
                if (wait != null) {
                    wait.cancel(false);
                }
                stopIfAsked();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean stopIfAsked() {
        if (owner.ended()) {
            return true;
        }
        RunExecution.Stop reason = stop;
        if (reason == null) {
            return false;
        }
        owner.stopped(reason);
        return true;
    }
}
