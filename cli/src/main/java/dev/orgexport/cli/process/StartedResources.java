package dev.orgexport.cli.process;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a command (or a test) started, closed last-first, so a worker stops before the broker and
 * the database it uses. Every resource is closed even when one fails; the first failure is
 * thrown, naming what was stopping, with the others suppressed. Not thread-safe.
 */
public final class StartedResources implements AutoCloseable {

    private final String owner;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** @param owner what these resources make up, for the failure message ("standalone", "demo") */
    public StartedResources(String owner) {
        this.owner = owner;
    }

    /** Adds a started resource; returns it. */
    public <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void close() {
        IllegalStateException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException(owner + " did not stop cleanly: " + e.getMessage(), e);
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
