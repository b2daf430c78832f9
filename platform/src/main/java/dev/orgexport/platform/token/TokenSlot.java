package dev.orgexport.platform.token;

import dev.orgexport.platform.api.AccessToken;
import java.util.concurrent.CompletableFuture;

/**
 * One key's token state. The cached token and its deadlines are one immutable {@link Cached}
 * behind one volatile field, so the hit path is a single volatile read and two comparisons, and
 * returns the same completed future every time (no allocation).
 */
final class TokenSlot {

    /** A verified token, as a completed future, with its refresh and usable-until times (epoch ms). */
    record Cached(CompletableFuture<AccessToken> future, AccessToken token, long refreshAtMillis,
                  long usableUntilMillis) {
    }

    private volatile Cached cached;

    /** The request in flight, shared by every caller that needs a token meanwhile. Guarded by this. */
    private CompletableFuture<AccessToken> inFlight;

    /** No background refresh before this instant (epoch ms). Guarded by this. */
    private long nextRefreshMillis;

    Cached cached() {
        return cached;
    }

    void install(Cached value) {
        cached = value;
    }

    /** Drops the cached token if it is {@code rejected}; true when it was. */
    synchronized boolean dropIfCurrent(AccessToken rejected) {
        Cached current = cached;
        if (current != null && current.token() == rejected) {
            cached = null;
            return true;
        }
        return false;
    }

    synchronized void drop() {
        cached = null;
    }

    /**
     * Registers a new request unless one is in flight.
     *
     * @return the request in flight, or null when the caller's {@code request} was registered
     */
    synchronized CompletableFuture<AccessToken> joinOrRegister(CompletableFuture<AccessToken> request) {
        if (inFlight != null) {
            return inFlight;
        }
        inFlight = request;
        return null;
    }

    /** True when a background refresh may start now; reserves the next refresh time if so. */
    synchronized boolean claimRefresh(long nowMillis, long retryAfterMillis) {
        if (inFlight != null || nowMillis < nextRefreshMillis) {
            return false;
        }
        nextRefreshMillis = nowMillis + retryAfterMillis;
        return true;
    }

    /** Ends the request in flight, installing its token if it succeeded. */
    synchronized void finish(CompletableFuture<AccessToken> request, Cached installed) {
        if (inFlight == request) {
            inFlight = null;
        }
        if (installed != null) {
            cached = installed;
        }
    }

    /** Nothing cached that is still usable and nothing in flight: safe to forget. */
    synchronized boolean idle(long nowMillis) {
        Cached current = cached;
        return inFlight == null && (current == null || nowMillis >= current.usableUntilMillis());
    }
}
