package dev.orgexport.cli.process;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.cli.config.WorkerBinding;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.worker.Worker;
import io.micrometer.core.instrument.Gauge;
import dev.orgexport.worker.WorkerConfig;
import dev.orgexport.worker.WorkerEnvironment;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orgexport worker}: consumes export tasks and writes verified files, until SIGTERM. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Consumes orgexport.tasks as a member of the group orgexport-workers: claims each run, exports it "
                + "through the platform (tokens cached per org, retried, behind a per-org circuit breaker) and writes "
                + "a verified .ndjson.gz file. Every authentication failure becomes an audit row.",
                "On SIGTERM it stops polling, lets in-flight exports finish within worker.shutdown-grace and gives "
                        + "back the leases of the rest."})
public final class WorkerCommand implements Callable<Integer> {

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port of /metrics and /health/* (default: the http.port setting; 0: off).")
    private Integer httpPort;

    @Override
    public Integer call() throws Exception {
        SecretResolver secrets = SecretResolver.system();
        Plan plan = Plan.read(config.configuration(), secrets);
        return ProcessRunner.run("worker", config.configuration(), plan.process(), httpPort, spec.commandLine().getOut(),
                resources -> start(resources, plan, secrets));
    }

    /**
     * Starts a worker on the opened resources, with the gauge {@code orgexport.worker.consumer.stalled}
     * (1 while its readiness says the consumer is stalled, else 0) for alerting. Shared by
     * {@code worker} and {@code standalone}.
     */
    static Worker start(ProcessResources resources, Plan plan, SecretResolver secrets) {
        Worker worker = Worker.start(plan.worker(), WorkerEnvironment.of(resources.database().dataSource(), plan.platform(),
                secrets).withMeters(resources.meters()));
        Gauge.builder("orgexport.worker.consumer.stalled", worker, w -> w.stalled().isPresent() ? 1 : 0)
                .description("1 while the worker's consumer hands nothing over although it has work (see readiness)")
                .strongReference(true).register(resources.meters());
        return worker;
    }

    /** Everything the worker process reads, read and validated before anything is opened. */
    record Plan(ProcessSettings process, WorkerConfig worker, PlatformSettings platform) {
        static Plan read(Configuration configuration, SecretResolver secrets) {
            ProcessSettings process = ProcessSettings.read(configuration, secrets);
            return new Plan(process, WorkerBinding.config(configuration, process.kafkaClientProperties()),
                    PlatformConfiguration.from(configuration));
        }
    }
}
