package dev.orgexport.cli.process;

import dev.orgexport.cli.ops.OpsServer;
import dev.orgexport.worker.Worker;
import dev.orgexport.cli.config.Configuration;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;

/**
 * The life of a long-running command (orchestrator, worker): its configuration already read
 * and validated, configure logging, open PostgreSQL and Kafka, start the component, serve the
 * operations endpoints, and on SIGTERM close the component before the resources it uses.
 */
final class ProcessRunner {

    private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

    /** Starts the component on the opened resources; returns what stops it. */
    interface Component {
        AutoCloseable start(ProcessResources resources) throws Exception;
    }

    private ProcessRunner() {
    }

    /**
     * @param httpPortOption the {@code --http-port} option, or null to use {@code http.port}
     */
    static int run(String name, Configuration configuration, ProcessSettings settings, Integer httpPortOption,
                   PrintWriter out, Component component) throws Exception {
        LogLevels.apply(settings.logLevel());
        log.info("{} configuration (defaults for the rest, see README.md): {}", name, configuration.describe());
        try (ProcessResources resources = ProcessResources.open(settings)) {
            AutoCloseable running = component.start(resources);
            resources.serveOps(httpPortOption != null ? httpPortOption : settings.httpPort(), readinessOf(running));
            out.println(name + " running; stop it with SIGTERM (Ctrl-C)");
            out.flush();
            new ShutdownLatch().awaitSignal(name, () -> {
                try {
                    running.close();
                } catch (Exception e) {
                    throw new IllegalStateException(name + " did not stop cleanly: " + e.getMessage(), e);
                } finally {
                    resources.close();
                }
            });
        }
        return 0;
    }

    /** The component's own readiness checks: a worker is not ready while its consumer is stalled. */
    static Map<String, OpsServer.ReadinessCheck> readinessOf(AutoCloseable running) {
        return running instanceof Worker worker ? Map.of("consumer", () -> worker.stalled().orElse(null)) : Map.of();
    }
}
