package dev.orgexport.cli.demo;

import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.cli.console.ConsoleMount;
import dev.orgexport.console.ConsoleConfig;
import dev.orgexport.cli.operator.AuditCommand;
import dev.orgexport.cli.operator.DiagnoseCommand;
import dev.orgexport.cli.operator.OrgsCommand;
import dev.orgexport.cli.ops.OpsServer;
import dev.orgexport.cli.ops.ReadinessChecks;
import dev.orgexport.cli.process.LogFile;
import dev.orgexport.orchestrator.backfill.Backfill;
import dev.orgexport.orchestrator.registry.ApplyResult;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.orchestrator.registry.RegistryConfig;
import dev.orgexport.platform.diagnose.Diagnosis;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.schema.report.FreshnessView;
import dev.orgexport.schema.report.OperatorViews;
import dev.orgexport.schema.task.ExportKind;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orgexport demo}: the seed's story in one process, on an embedded Kafka broker, an
 * embedded PostgreSQL (or {@code ORGEXPORT_JDBC_URL}) and the simulator. Four orgs, a few hours
 * of every export kind backfilled, two workers; then what ran, what was written, the audit
 * summary and the diagnosis of the org whose client lives in another region.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs orgexport end to end in one process: a real Kafka broker, a real PostgreSQL "
                + "(ORGEXPORT_JDBC_URL selects another), the Genesys Cloud simulator, an orchestrator and two workers.",
                "Four orgs: primary (healthy), secondary (configured for us-east-1, client in us-west-2), "
                        + "emea (healthy, eu-central-1) and restricted (no conversation details permission).",
                "Needs no configuration and leaves nothing running; exits 1 when the story does not come out as told."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--hours", defaultValue = "3", paramLabel = "N", description = "Hours to backfill per org and kind (default: ${DEFAULT-VALUE}).")
    private int hours;

    @Option(names = "--timeout", defaultValue = "PT45S", paramLabel = "DURATION",
            description = "How long to wait for the runs to settle (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "PORT",
            description = "Serve /metrics, /health/* and the web console (read-only) on this port while the demo runs (default: off).")
    private int httpPort;

    @Option(names = "--verbose", description = "Show the log lines here as well as in the log file.")
    private boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long begin = System.nanoTime();
        Path directory = Files.createTempDirectory("orgexport-demo-");
        DemoScenario scenario = new DemoScenario(directory);
        out.println("orgexport demo: 4 orgs in 3 regions, " + hours + " h of every export kind; files under " + directory);
        boolean storyHeld;
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (LogFile log = LogFile.redirect(directory.resolve("orgexport-demo.log"), verbose);
             DemoStack stack = new DemoStack()) {
            print(out, log.describe() + (verbose ? "" : " (--verbose shows them here too)"));
            stack.startBackends(scenario.simulatorConfig(), step -> print(out, step));
            OperatorViews views = new OperatorViews(stack.database().dataSource());
            applyAndBackfill(stack, scenario, out);
            stack.startProcesses(directory.resolve("exports"), meters, step -> print(out, step));
            // While the runs settle, --http-port also serves the web console, read-only: the demo configures
            // no operator credentials, so its actions stay locked.
            try (ConsoleMount console = ConsoleMount.of(stack.database().dataSource(),
                         new ConsoleConfig(null, null, true, ConsoleConfig.DEFAULT_SESSION_LIFETIME), simulatorPlatform(stack));
                 OpsServer ops = httpPort == 0 ? null : OpsServer.start(httpPort, meters,
                         Map.of("postgresql", ReadinessChecks.postgres(stack.database().dataSource())), console)) {
                if (ops != null) {
                    print(out, "console (read-only while the demo runs): http://127.0.0.1:" + ops.port() + "/console/");
                }
                waitUntilSettled(views, out);
            }
            storyHeld = report(stack, views, out);
        } finally {
            meters.close();
        }
        out.printf("demo finished in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        return storyHeld ? 0 : 1;
    }

    private void applyAndBackfill(DemoStack stack, DemoScenario scenario, PrintWriter out) throws Exception {
        ApplyResult applied = new OrgRegistry(stack.database().dataSource(), Clock.systemUTC(), RegionCatalog.builtIn(),
                RegistryConfig.defaults()).apply(scenario.registryFile(), false);
        if (!applied.valid()) {
            throw new IllegalStateException("the demo's registry is invalid:\n" + applied.render());
        }
        print(out, "registry applied: " + DemoScenario.ORGS.size() + " orgs, 3 export kinds each, hourly");
        // The newest windows that have settled: their end plus the worker's settle margin (1 h) is
        // before the platform's data availability date (5 min behind the clock).
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        Instant from = to.minus(Duration.ofHours(hours));
        Backfill backfill = new Backfill(stack.database().dataSource(), Clock.systemUTC());
        for (DemoScenario.DemoOrg org : DemoScenario.ORGS) {
            for (ExportKind kind : ExportKind.values()) {
                backfill.run(org.id(), kind, from, to);
            }
        }
        print(out, "backfill " + from + " to " + to + " created the runs of every org and kind");
    }

    private void waitUntilSettled(OperatorViews views, PrintWriter out) {
        long deadline = System.nanoTime() + timeout.toNanos();
        DemoProgress progress = DemoProgress.of(views);
        String last = "";
        while (!progress.done() && System.nanoTime() < deadline) {
            if (!progress.line().equals(last)) {
                last = progress.line();
                print(out, last);
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            progress = DemoProgress.of(views);
        }
        print(out, progress.line() + (progress.done() ? "" : "  (timed out after " + timeout + ")"));
    }

    private boolean report(DemoStack stack, OperatorViews views, PrintWriter out) {
        out.println();
        out.println("== runs per org and state");
        OrgsCommand.printStatus(spec, views.runCounts(),
                new FreshnessView(stack.database().dataSource()).perOrgAndKind(Instant.now()), false);
        out.println();
        out.println("== files written (verified against the simulator's truth)");
        boolean filesTrue = DemoFiles.print(out, views.runs(null, "SUCCEEDED", 10_000), stack.simulator());
        out.println();
        out.println("== audit summary");
        AuditCommand.Summary.print(out, views.auditSummary(Instant.EPOCH, Instant.now()), false);
        out.println();
        out.println("== orgexport diagnose --org " + DemoScenario.BROKEN_REGION_ORG + " --probe-regions");
        Diagnosis diagnosis;
        try (PlatformGateway gateway = PlatformGateway.builder(simulatorPlatform(stack)).build()) {
            diagnosis = DiagnoseCommand.diagnose(gateway, new PostgresOrgStore(stack.database().dataSource())
                    .find(DemoScenario.BROKEN_REGION_ORG).orElseThrow(), true);
        }
        out.println(diagnosis.render());
        out.println();
        return DemoVerdict.check(out, views.runs(null, null, 10_000), diagnosis) && filesTrue;
    }

    /** Every region of the platform routed to the demo's simulator. */
    private static PlatformSettings simulatorPlatform(DemoStack stack) {
        return PlatformSettings.defaults().withRegions(
                PlatformConfiguration.routeEveryRegion("http://127.0.0.1:" + stack.simulator().port() + "/{region}"));
    }

    private static void print(PrintWriter out, String line) {
        out.println("  - " + line);
        out.flush();
    }
}
