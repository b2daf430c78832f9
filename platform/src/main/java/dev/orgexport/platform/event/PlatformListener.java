package dev.orgexport.platform.event;

/**
 * Hooks for what the platform module observes, so the worker can write audit and quarantine rows
 * and operators can follow an org. Every method has a no-op default.
 *
 * <p>Delivered through an {@link EventDispatcher}: on one thread ({@code platform-events}), in the
 * order observed, never on a thread that carries platform traffic, so a listener may block (for
 * example on JDBC) without slowing other orgs. An exception thrown by a listener is logged and
 * the next event is delivered.
 */
public interface PlatformListener {

    /** A no-op listener. */
    PlatformListener NONE = new PlatformListener() {
    };

    default void tokenIssued(TokenIssued event) {
    }

    default void authFailure(AuthFailure event) {
    }

    default void breakerTransition(BreakerTransition event) {
    }

    default void retryScheduled(RetryScheduled event) {
    }
}
