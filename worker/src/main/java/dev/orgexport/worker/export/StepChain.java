package dev.orgexport.worker.export;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The plumbing of an execution that never parks a thread: a step runs on the export pool, an
 * asynchronous call's continuation runs there too, a wait is a timer that schedules the next
 * step. Steps of one chain never overlap. A stop request is honoured at the next step boundary,
 * at once when the chain is only waiting on its timer; anything a step throws goes to the owner.
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
    }

    private final Executor steps;
    private final ScheduledExecutorService timer;
    private final Owner owner;
    private volatile RunExecution.Stop stop;
    private volatile ScheduledFuture<?> waiting;

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

    /** Asks the chain to stop; a chain waiting on its timer stops at once. */
    void stop(RunExecution.Stop reason) {
        stop = reason;
        ScheduledFuture<?> wait = waiting;
        if (wait != null && wait.cancel(false)) {
            steps.execute(this::stopIfAsked);
        }
    }

    private void run(Runnable body) {
        if (stopIfAsked()) {
            return;
        }
        try {
            body.run();
        } catch (Throwable e) {
            owner.failed(e);
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
