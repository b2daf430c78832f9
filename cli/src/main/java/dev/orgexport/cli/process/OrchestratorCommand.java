package dev.orgexport.cli.process;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.ConsoleBinding;
import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.console.ConsoleConfig;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.cli.config.OrchestratorBinding;
import dev.orgexport.cli.console.ConsoleMount;
import dev.orgexport.orchestrator.Orchestrator;
import dev.orgexport.orchestrator.OrchestratorConfig;
import dev.orgexport.orchestrator.registry.ApplyResult;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.region.RegionCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orgexport orchestrator}: scheduler, outbox relay and sweeper, until SIGTERM. */
@Command(name = "orchestrator", mixinStandardHelpOptions = true,
        description = {"Runs the scheduler (due windows become runs and tasks), the outbox relay (tasks to Kafka) "
                + "and the sweeper (waiting and abandoned runs go back to the queue) until stopped.",
                "Several orchestrators may run on one database: each window is enqueued once."})
public final class OrchestratorCommand implements Callable<Integer> {

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Option(names = "--registry", paramLabel = "FILE",
            description = "Apply this orgs.yaml at start (as `orgs apply` does); refuse to start when it is invalid.")
    private Path registry;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port of /metrics, /health/* and the web console at /console/ (default: the http.port setting; 0: off).")
    private Integer httpPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Plan plan = Plan.read(config.configuration(), SecretResolver.system());
        return ProcessRunner.run("orchestrator", config.configuration(), plan.process(), httpPort, out,
                resources -> start(resources, plan, registry, out));
    }

    /**
     * Applies the registry (when given; refuses an invalid one), starts the orchestrator on the
     * opened resources and mounts the web console on their operations port. Shared by
     * {@code orchestrator} and {@code standalone}; closing the result unmounts and stops both.
     */
    static AutoCloseable start(ProcessResources resources, Plan plan, Path registry, PrintWriter out) {
        OrchestratorConfig orchestratorConfig = plan.orchestrator();
        if (registry != null) {
            ApplyResult applied = new OrgRegistry(resources.database().dataSource(), Clock.systemUTC(),
                    RegionCatalog.builtIn(), orchestratorConfig.registry())
                    .apply(registry, false, System.getProperty("user.name", "operator") + " (--registry at start)");
            out.print(applied.render());
            out.flush();
            if (!applied.valid()) {
                throw new IllegalArgumentException("the registry " + registry + " is invalid; nothing was started");
            }
        }
        Orchestrator orchestrator = Orchestrator.create(resources.database().dataSource(), orchestratorConfig,
                Clock.systemUTC(), resources.meters());
        orchestrator.start();
        ConsoleMount console = ConsoleMount.of(resources.database().dataSource(), plan.console(), plan.platform());
        resources.mount(console);
        return () -> {
            try (console) {
                orchestrator.close();
            }
        };
    }

    /** Everything the orchestrator process reads, read and validated before anything is opened. */
    record Plan(ProcessSettings process, OrchestratorConfig orchestrator, ConsoleConfig console, PlatformSettings platform) {
        static Plan read(Configuration configuration, SecretResolver secrets) {
            ProcessSettings process = ProcessSettings.read(configuration, secrets);
            // The console diagnoses orgs from this process, so it reads the platform's keys as the CLI's diagnose does.
            return new Plan(process, OrchestratorBinding.config(configuration, process.kafkaClientProperties()),
                    ConsoleBinding.config(configuration), PlatformConfiguration.from(configuration));
        }
    }
}
