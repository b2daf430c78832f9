package dev.orgexport.worker.export;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one org's runs look like in this worker, and from that how many of them its API budget can
 * keep busy at once. By Little's law, the budget (permits per second, {@code R}) feeds
 * {@code R x D / c} runs, where a run makes {@code c} calls and, unthrottled, lasts
 * {@code D = c x L + W}: {@code L} the platform's answer time, {@code W} the rest of the run's time
 * (waits between job polls, and its local work: database, file, a turn on an export thread). The bound is that, times {@link #SLACK}, plus one, so the org's limiter always
 * has a call waiting for its next permit while the runs that wait for permits stay few.
 *
 * <p>{@code c} and {@code W} are averages over finished runs; {@code W} is the run's wall time minus
 * the time its calls took, so throttling (which lengthens calls only) does not feed back into it.
 * {@code L} is measured only on calls that started while no other call of the org was open here:
 * such a call can wait at most one permit spacing, so queueing for permits, which would feed back
 * into the bound, stays out of the figure. Until measured: {@link #INITIAL_CALLS} calls, one poll
 * interval of waiting, {@link #INITIAL_LATENCY_SECONDS} per call. Thread-safe.
 */
final class OrgPace {

    /** Room above what the budget strictly needs, so a permit never goes unused while a run is between calls. */
    static final double SLACK = 3.0;
    static final double INITIAL_CALLS = 5;
    static final double INITIAL_LATENCY_SECONDS = 0.1;
    /** Weight of a new observation in the moving averages. */
    private static final double WEIGHT = 0.2;

    private final AtomicInteger openCalls = new AtomicInteger();
    private double callsPerRun = INITIAL_CALLS;
    private double waitSecondsPerRun;
    private double latencySeconds = INITIAL_LATENCY_SECONDS;

    OrgPace(double initialWaitSeconds) {
        this.waitSecondsPerRun = initialWaitSeconds;
    }

    /** A call of this org starts; true when it is the only one open. */
    boolean callStarted() {
        return openCalls.getAndIncrement() == 0;
    }

    void callEnded(long nanos, boolean solitary) {
        openCalls.decrementAndGet();
        if (solitary) {
            synchronized (this) {
                latencySeconds += WEIGHT * (nanos / 1e9 - latencySeconds);
            }
        }
    }

    /** A run of this org ended after making {@code calls} calls and spending {@code waitNanos} outside them. */
    synchronized void runEnded(int calls, long waitNanos) {
        if (calls == 0) {
            return; // postponed before its first call (paused, quarantined): says nothing about pace
        }
        callsPerRun += WEIGHT * (calls - callsPerRun);
        waitSecondsPerRun += WEIGHT * (waitNanos / 1e9 - waitSecondsPerRun);
    }

    /**
     * Runs of this org worth having in flight at once with {@code permitsPerSecond} of budget,
     * between 1 and {@code max}.
     */
    synchronized int bound(double permitsPerSecond, int max) {
        if (Double.isInfinite(permitsPerSecond)) {
            return max;
        }
        double runSeconds = callsPerRun * latencySeconds + waitSecondsPerRun;
        double fed = permitsPerSecond * runSeconds / callsPerRun;
        long bound = (long) Math.ceil(SLACK * fed) + 1;
        return (int) Math.max(1, Math.min(max, bound));
    }

    @Override
    public synchronized String toString() {
        return String.format("calls/run %.1f, wait/run %.2f s, latency %.3f s", callsPerRun, waitSecondsPerRun,
                latencySeconds);
    }
}
