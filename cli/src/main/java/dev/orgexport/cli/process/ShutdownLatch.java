package dev.orgexport.cli.process;

import java.util.concurrent.CountDownLatch;

/**
 * Blocks a long-running command until the JVM is asked to stop (SIGTERM, SIGINT), then runs its
 * shutdown in the hook, so that in-flight work can finish before the JVM exits.
 */
public final class ShutdownLatch {

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Registers {@code shutdown} to run on SIGTERM and waits until it has run. */
    public void awaitSignal(String name, Runnable shutdown) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                shutdown.run();
            } finally {
                stopped.countDown();
            }
        }, name + "-shutdown"));
        stopped.await();
    }
}
