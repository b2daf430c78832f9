package dev.orgexport.devstack;

import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * Which backends the dev stack uses, named by the system property {@value #MODE_PROPERTY}
 * (the providers read it when they first start, so it holds for the rest of the JVM):
 * <ul>
 *   <li>unset or {@code embedded}: the real Kafka broker in-process and an embedded PostgreSQL
 *       (or the server named by {@code ORGEXPORT_JDBC_URL});</li>
 *   <li>{@code containers}: Testcontainers images (the Maven profile {@code containers} sets it).
 *       Without a reachable Docker engine the providers throw
 *       {@link DevStackUnavailableException}, which JUnit reports as a skipped test.</li>
 * </ul>
 * Stateless apart from a cached Docker probe; thread-safe.
 */
public final class DevStack {

    /** System property selecting the mode: {@code embedded} (default) or {@code containers}. */
    public static final String MODE_PROPERTY = "orgexport.devstack";

    /** The backends a provider can use. */
    public enum Mode { EMBEDDED, CONTAINERS }

    private DevStack() {
    }

    /**
     * The mode named by {@value #MODE_PROPERTY}.
     *
     * @throws IllegalArgumentException when the property has any other value
     */
    public static Mode mode() {
        return parseMode(System.getProperty(MODE_PROPERTY));
    }

    static Mode parseMode(String value) {
        if (value == null || value.isBlank() || value.equals("embedded")) {
            return Mode.EMBEDDED;
        }
        if (value.equals("containers")) {
            return Mode.CONTAINERS;
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "system property %s must be 'embedded' or 'containers', but was '%s'",
                MODE_PROPERTY, value));
    }

    /**
     * Returns normally when a Docker engine answers, else throws.
     *
     * @param what the image that needs Docker, named in the message, e.g. "postgres:17"
     * @throws DevStackUnavailableException naming what is missing, so tests are skipped
     */
    /** Whether a Docker engine answers (asked once per JVM). */
    public static boolean dockerAvailable() {
        return DockerProbe.AVAILABLE;
    }

    public static void requireDocker(String what) {
        if (!DockerProbe.AVAILABLE) {
            throw new DevStackUnavailableException("the Testcontainers image " + what
                    + " needs a Docker engine, and none is reachable from this machine");
        }
    }

    /** Asked once per JVM: the probe takes ~0.35 s and logs its own diagnosis. */
    private static final class DockerProbe {
        static final boolean AVAILABLE = DockerClientFactory.instance().isDockerAvailable();
    }
}
