package dev.orgexport.cli;

import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.resilience.RateLimitSettings;
import dev.orgexport.platform.resilience.ResilienceSettings;
import dev.orgexport.worker.KafkaSettings;
import dev.orgexport.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;

/** What the end-to-end tests' in-process workers run with: the simulator as the platform, quick polling. */
final class EndToEndWorkers {

    private EndToEndWorkers() {
    }

    /**
     * Every region routed to the simulator on {@code port}. The platform's per-org budget spaces
     * calls 210.5 ms apart (285/min), right for production but minutes of waiting here; the
     * simulator's budgets are raised to match.
     */
    static PlatformSettings platform(int port) {
        return PlatformSettings.defaults()
                .withRegions(PlatformConfiguration.routeEveryRegion("http://127.0.0.1:" + port + "/{region}"))
                .withResilience(ResilienceSettings.defaults()
                        .withRateLimit(RateLimitSettings.defaults().withBudget(60_000, Duration.ofMinutes(1))));
    }

    /** A worker that polls Kafka and jobs often, 4 exports at once, a 30 s lease, a 2 s shutdown grace. */
    static WorkerConfig.Builder config(String workerId, String bootstrapServers, Path outputRoot) {
        return WorkerConfig.builder(workerId, bootstrapServers, outputRoot)
                .kafka(KafkaSettings.defaults(bootstrapServers).withPolling(50, Duration.ofMillis(100)))
                .concurrency(4)
                .lease(Duration.ofSeconds(30), Duration.ofSeconds(2))
                .jobPollInterval(Duration.ofMillis(50))
                .shutdownGrace(Duration.ofSeconds(2));
    }
}
