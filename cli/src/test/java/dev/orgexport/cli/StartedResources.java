package dev.orgexport.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What an end-to-end test started (broker, database, simulator, orchestrator, workers), closed
 * last-first after it, so a worker stops before the broker and database it uses. Every resource
 * is closed even when one fails; the first failure is thrown with the others suppressed.
 */
final class StartedResources {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }

    void closeAll() throws Exception {
        Exception failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
