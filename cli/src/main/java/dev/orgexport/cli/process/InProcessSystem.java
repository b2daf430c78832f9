package dev.orgexport.cli.process;

import dev.orgexport.cli.config.Configuration;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.worker.Worker;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An orchestrator (with its web console) and a worker in this process, on one set of resources
 * (PostgreSQL pool, Kafka admin, Prometheus registry, operations port), built exactly as the
 * {@code orchestrator} and {@code worker} commands build theirs: for {@code standalone}. Closing it stops the worker,
 * then the orchestrator, then the resources.
 */
public final class InProcessSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InProcessSystem.class);

    private final ProcessResources resources;
    private final AutoCloseable orchestrator;
    private final Worker worker;

    private InProcessSystem(ProcessResources resources, AutoCloseable orchestrator, Worker worker) {
        this.resources = resources;
        this.orchestrator = orchestrator;
        this.worker = worker;
    }

    /**
     * Reads and validates the configuration for both components, opens the resources, applies the
     * registry, starts both and serves the operations endpoints on {@code httpPort} (0: none).
     */
    public static InProcessSystem start(Configuration configuration, Path registry, int httpPort, PrintWriter out)
            throws Exception {
        SecretResolver secrets = SecretResolver.system();
        OrchestratorCommand.Plan orchestratorPlan = OrchestratorCommand.Plan.read(configuration, secrets);
        WorkerCommand.Plan workerPlan = WorkerCommand.Plan.read(configuration, secrets);
        LogLevels.apply(orchestratorPlan.process().logLevel());
        log.info("standalone configuration (defaults for the rest, see README.md): {}", configuration.describe());
        ProcessResources resources = ProcessResources.open(orchestratorPlan.process());
        AutoCloseable orchestrator = null;
        try {
            orchestrator = OrchestratorCommand.start(resources, orchestratorPlan, registry, out);
            Worker worker = WorkerCommand.start(resources, workerPlan, secrets);
            InProcessSystem system = new InProcessSystem(resources, orchestrator, worker);
            resources.serveOps(httpPort, ProcessRunner.readinessOf(worker));
            return system;
        } catch (Exception | Error e) {
            try {
                if (orchestrator != null) {
                    orchestrator.close();
                }
            } finally {
                resources.close();
            }
            throw e;
        }
    }

    /** Exports the worker runs at once. */
    public int workerConcurrency() {
        return worker.config().concurrency();
    }

    /** Where the worker writes its files. */
    public Path outputRoot() {
        return worker.config().outputRoot();
    }

    @Override
    public void close() {
        try {
            worker.close();
        } finally {
            try {
                orchestrator.close();
            } catch (Exception e) {
                throw new IllegalStateException("the orchestrator did not stop cleanly: " + e.getMessage(), e);
            } finally {
                resources.close();
            }
        }
    }
}
