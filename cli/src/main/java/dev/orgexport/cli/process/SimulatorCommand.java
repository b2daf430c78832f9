package dev.orgexport.cli.process;

import dev.orgexport.cli.ops.OpsServer;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orgexport simulator}: the Genesys Cloud stand-in as a process, until SIGTERM. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = {"Serves a stand-in Genesys Cloud: every region under /<region-id> "
                + "(/oauth/token, /api/v2/...), the admin API under /__sim/.",
                "See simulator/README.md for the YAML keys and the admin API."})
public final class SimulatorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The simulator's YAML (orgs, clients, limits, faults).")
    private Path config;

    @Option(names = "--port", defaultValue = "0", paramLabel = "N", description = "Port to listen on (default: a free port, printed).")
    private int port;

    @Option(names = "--bind", defaultValue = Simulator.LOOPBACK, paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 in a container).")
    private String bind;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of /metrics and /health/* (default: off).")
    private int httpPort;

    @Override
    public Integer call() throws Exception {
        Simulator simulator = Simulator.start(SimulatorConfig.fromYaml(config), bind, port, Clock.systemUTC());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        OpsServer ops = httpPort == 0 ? null : OpsServer.start(httpPort, meters, Map.of());
        spec.commandLine().getOut().println("simulator listening on http://" + bind + ":" + simulator.port()
                + " (regions under /<region-id>, admin under /__sim)");
        spec.commandLine().getOut().flush();
        new ShutdownLatch().awaitSignal("simulator", () -> {
            if (ops != null) {
                ops.close();
            }
            simulator.close();
        });
        return 0;
    }
}
