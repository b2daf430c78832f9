package dev.orgexport.cli.process;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.Settings;
import java.io.PrintWriter;

/**
 * The life of a long-running command (orchestrator, worker): configure logging, open
 * PostgreSQL and Kafka, start the component, serve the operations endpoints, and on SIGTERM
 * close the component before the resources it uses.
 */
final class ProcessRunner {

    /** Starts the component on the opened resources; returns what stops it. */
    interface Component {
        AutoCloseable start(ProcessResources resources, Configuration configuration) throws Exception;
    }

    private ProcessRunner() {
    }

    /**
     * @param httpPortOption the {@code --http-port} option, or null to use {@code http.port}
     */
    static int run(String name, ConfigOption config, Integer httpPortOption, PrintWriter out, Component component)
            throws Exception {
        Configuration configuration = config.configuration();
        LogLevels.apply(configuration);
        try (ProcessResources resources = ProcessResources.open(config)) {
            AutoCloseable running = component.start(resources, configuration);
            resources.serveOps(httpPortOption != null ? httpPortOption : configuration.getInt(Settings.HTTP_PORT, 0, 65_535));
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
