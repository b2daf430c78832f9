package dev.orgexport.cli.process;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.cli.config.Settings;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.worker.Worker;
import dev.orgexport.worker.WorkerConfig;
import dev.orgexport.worker.WorkerEnvironment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
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
        return ProcessRunner.run("worker", config, httpPort, spec.commandLine().getOut(), (resources, configuration) ->
                Worker.start(workerConfig(configuration), WorkerEnvironment.of(resources.database().dataSource(),
                        PlatformConfiguration.from(configuration), SecretResolver.system()).withMeters(resources.meters())));
    }

    static WorkerConfig workerConfig(Configuration configuration) {
        String workerId = configuration.get(Settings.WORKER_ID).orElseGet(WorkerCommand::defaultWorkerId);
        return WorkerConfig.builder(workerId, configuration.require(Settings.KAFKA_BOOTSTRAP_SERVERS),
                        Path.of(configuration.require(Settings.WORKER_OUTPUT_ROOT)))
                .concurrency(configuration.getInt(Settings.WORKER_CONCURRENCY, 1, 256))
                .lease(configuration.getDuration(Settings.WORKER_LEASE), configuration.getDuration(Settings.WORKER_HEARTBEAT))
                .jobPollInterval(configuration.getDuration(Settings.WORKER_JOB_POLL_INTERVAL))
                .pageSize(configuration.getInt(Settings.WORKER_PAGE_SIZE, 1, 500))
                .shutdownGrace(configuration.getDuration(Settings.WORKER_SHUTDOWN_GRACE))
                .build();
    }

    /** {@code <host>-<pid>}: unique among running workers without configuration. */
    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._:@-]", "-");
    }
}
