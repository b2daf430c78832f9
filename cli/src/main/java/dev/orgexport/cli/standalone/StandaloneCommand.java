package dev.orgexport.cli.standalone;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.WorkerKeys;
import dev.orgexport.cli.process.InProcessSystem;
import dev.orgexport.cli.process.LogFile;
import dev.orgexport.cli.process.ShutdownLatch;
import dev.orgexport.cli.process.StartedResources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orgexport standalone}: the whole system in one process for a small estate or a trial:
 * PostgreSQL and Kafka embedded with their data under {@code --data-dir}, one orchestrator, one
 * worker, and the web console and operations endpoints on one port.
 * Started again on the same directory, after a clean stop or a crash, it carries on where it
 * was: runs, leases, audit trail and unpublished tasks live in the kept PostgreSQL.
 */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = {"Runs orgexport in one process for a small estate or a trial with real orgs: PostgreSQL and Kafka "
                + "embedded with their data under --data-dir (kept across restarts and crashes), an orchestrator, "
                + "a worker, and the web console, /metrics and /health/* on --http-port.",
                "database.url or kafka.bootstrap-servers in the configuration select external servers instead of the "
                        + "embedded ones (see README.md, 'Standalone')."})
public final class StandaloneCommand implements Callable<Integer> {

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Option(names = "--registry", required = true, paramLabel = "FILE",
            description = "The orgs.yaml to apply at start (as `orgs apply` does); an invalid one stops the start.")
    private Path registry;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "Where PostgreSQL, Kafka, the export files and the log file live; created when missing.")
    private Path dataDir;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the web console (/console/), /metrics and /health/* (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    @Option(names = "--verbose", description = "Show the log lines here as well as in the log file.")
    private boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Configuration configuration = config.configuration();
        StartedResources started = new StartedResources("standalone");
        try {
            DataDirectory data = started.remember(DataDirectory.lock(dataDir));
            out.println("orgexport standalone: data directory " + data.root());
            LogFile log = started.remember(LogFile.redirect(data.logFile(), verbose));
            step(out, log.describe() + (verbose ? "" : " (--verbose shows them here too)"));
            EmbeddedBackends backends = started.remember(EmbeddedBackends.start(data, configuration, line -> step(out, line)));
            Configuration effective = configuration.with(standaloneSettings(configuration, data, backends), "standalone");
            Path operatorConfig = OperatorConfig.write(data.operatorConfig(), effective);
            step(out, "operator commands: orgexport orgs status --config " + operatorConfig + " (also audit, runs, backfill, diagnose)");
            InProcessSystem system = started.remember(InProcessSystem.start(effective, registry, httpPort, out));
            step(out, "orchestrator started (scheduler, outbox relay, sweeper)");
            step(out, "worker started, " + system.workerConcurrency() + " exports at once, files under " + system.outputRoot());
            step(out, "console: http://127.0.0.1:" + httpPort + "/console/  (and /metrics, /health/live, /health/ready)");
            out.println("standalone running; stop it with SIGTERM (Ctrl-C); start it again with the same --data-dir to carry on");
            out.flush();
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
        new ShutdownLatch().awaitSignal("standalone", started::close);
        return 0;
    }

    /** Where the processes find the embedded backends and the data directory, unless configured otherwise. */
    private static Map<String, String> standaloneSettings(Configuration configuration, DataDirectory data,
                                                          EmbeddedBackends backends) {
        Map<String, String> settings = new LinkedHashMap<>(backends.settings());
        if (!configuration.isExplicit(WorkerKeys.OUTPUT_ROOT)) {
            settings.put(WorkerKeys.OUTPUT_ROOT.name(), data.exports().toString());
        }
        if (!configuration.isExplicit(WorkerKeys.ID)) {
            // The same id at every start on this data directory (which one process holds at a time),
            // so a restarted standalone ends the leases its crashed process left and resumes at once.
            settings.put(WorkerKeys.ID.name(), data.workerId());
        }
        return settings;
    }

    private static void step(PrintWriter out, String line) {
        out.println("  - " + line);
        out.flush();
    }
}
