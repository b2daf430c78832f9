package dev.orgexport.platform.event;

import dev.orgexport.platform.concurrent.NamedThreadFactory;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to a {@link PlatformListener} on one thread named {@code platform-events}, in
 * order. The queue holds at most {@code capacity} events: past that an event is dropped and
 * counted ({@link #dropped()}) with an ERROR log, because a stuck listener must not exhaust
 * memory or stall platform traffic. Thread-safe.
 */
public final class EventDispatcher implements PlatformListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final PlatformListener delegate;
    private final ExecutorService thread;
    private final AtomicLong dropped = new AtomicLong();

    public EventDispatcher(PlatformListener delegate, int capacity) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (capacity < 1) {
            throw new IllegalArgumentException("event queue capacity must be at least 1, but was " + capacity);
        }
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity),
                new NamedThreadFactory("platform-events"));
    }

    @Override
    public void tokenIssued(TokenIssued event) {
        dispatch("tokenIssued", event, delegate::tokenIssued);
    }

    @Override
    public void authFailure(AuthFailure event) {
        dispatch("authFailure", event, delegate::authFailure);
    }

    @Override
    public void breakerTransition(BreakerTransition event) {
        dispatch("breakerTransition", event, delegate::breakerTransition);
    }

    @Override
    public void retryScheduled(RetryScheduled event) {
        dispatch("retryScheduled", event, delegate::retryScheduled);
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Delivers what is queued (up to 5 s), then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("platform events still queued after 5 s at close; dropping them");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }

    private <E> void dispatch(String name, E event, Consumer<E> target) {
        try {
            thread.execute(() -> {
                try {
                    target.accept(event);
                } catch (Throwable t) {
                    LOG.error("platform listener failed on {}; will keep delivering events", name, t);
                }
            });
        } catch (RejectedExecutionException e) {
            long count = dropped.incrementAndGet();
            LOG.error("platform event {} dropped (queue full or dispatcher closed; {} dropped so far): {}", name, count, event);
        }
    }
}
