package dev.orgexport.platform.support;

import dev.orgexport.platform.event.AuthFailure;
import dev.orgexport.platform.event.BreakerTransition;
import dev.orgexport.platform.event.PlatformListener;
import dev.orgexport.platform.event.RetryScheduled;
import dev.orgexport.platform.event.TokenIssued;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records every event; tests wait for the ones they expect (delivery is asynchronous). */
public final class RecordingListener implements PlatformListener {

    public final List<TokenIssued> tokens = new CopyOnWriteArrayList<>();
    public final List<AuthFailure> authFailures = new CopyOnWriteArrayList<>();
    public final List<BreakerTransition> transitions = new CopyOnWriteArrayList<>();
    public final List<RetryScheduled> retries = new CopyOnWriteArrayList<>();

    @Override
    public void tokenIssued(TokenIssued event) {
        tokens.add(event);
    }

    @Override
    public void authFailure(AuthFailure event) {
        authFailures.add(event);
    }

    @Override
    public void breakerTransition(BreakerTransition event) {
        transitions.add(event);
    }

    @Override
    public void retryScheduled(RetryScheduled event) {
        retries.add(event);
    }

    /** Waits (up to 5 s) until the list has an element matching the predicate, and returns it. */
    public static <E> E await(List<E> list, Predicate<E> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (E element : list) {
                if (matching.test(element)) {
                    return element;
                }
            }
            Waits.pause(10);
        }
        throw new AssertionError("no matching event within 5 s; got " + list);
    }
}
