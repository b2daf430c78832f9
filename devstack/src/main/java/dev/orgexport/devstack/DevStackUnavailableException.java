package dev.orgexport.devstack;

import org.opentest4j.TestAbortedException;

/**
 * A requested dev-stack backend cannot run on this machine (for example the Testcontainers mode
 * without a reachable Docker engine).
 *
 * <p>It extends opentest4j's {@link TestAbortedException} on purpose: when a JUnit 5 test (or its
 * {@code @BeforeAll}) asks a provider for a backend that cannot run, the test is reported as
 * <em>skipped</em> with this message as the reason, never as failed. Outside tests it is an
 * ordinary unchecked exception whose message says what is missing.
 */
public final class DevStackUnavailableException extends TestAbortedException {

    private static final long serialVersionUID = 1L;

    public DevStackUnavailableException(String reason) {
        super(reason);
    }
}
