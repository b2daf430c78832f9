package dev.orgexport.cli;

import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.resilience.RateLimitSettings;
import dev.orgexport.platform.resilience.ResilienceSettings;
import java.time.Duration;

/** Platform settings of the end-to-end tests' workers: every region on the in-process simulator. */
final class SimulatorPlatform {

    private SimulatorPlatform() {
    }

    /**
     * Every region routed to the simulator on {@code port}. The platform's per-org budget spaces
     * calls 210.5 ms apart (285/min), right for production but minutes of waiting here; the
     * simulator's budgets are raised to match.
     */
    static PlatformSettings settings(int port) {
        return PlatformSettings.defaults()
                .withRegions(PlatformConfiguration.routeEveryRegion("http://127.0.0.1:" + port + "/{region}"))
                .withResilience(ResilienceSettings.defaults()
                        .withRateLimit(RateLimitSettings.defaults().withBudget(60_000, Duration.ofMinutes(1))));
    }
}
