package dev.orgexport.cli.process;

import dev.orgexport.cli.ops.OpsServer;
import dev.orgexport.worker.Worker;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The life of a long-running command (orchestrator, worker): its configuration already read
 * and validated, configure logging, open PostgreSQL and Kafka, start the component, serve the
 * operations endpoints, and on SIGTERM close the component before the resources it uses.
 */
final class ProcessRunner {

    /** Starts the component on the opened resources; returns what stops it. */
    interface Component {
        AutoCloseable start(ProcessResources resources) throws Exception;
    }

    private ProcessRunner() {
    }

    /**
     * @param httpPortOption the {@code --http-port} option, or null to use {@code http.port}
     */
    static int run(String name, ProcessSettings settings, Integer httpPortOption, PrintWriter out, Component component)
            throws Exception {
        LogLevels.apply(settings.logLevel());
        try (ProcessResources resources = ProcessResources.open(settings)) {
            AutoCloseable running = component.start(resources);
            Map<String, OpsServer.ReadinessCheck> own = running instanceof Worker worker
                    ? Map.of("consumer", () -> worker.stalled().orElse(null)) : Map.of();
            resources.serveOps(httpPortOption != null ? httpPortOption : settings.httpPort(), own);
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
}
