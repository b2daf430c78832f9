package dev.orgexport.platform.support;

import dev.orgexport.platform.token.ExpectedOrganization;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.region.BaseUrls;
import dev.orgexport.platform.region.RegionSettings;
import dev.orgexport.platform.resilience.RateLimitSettings;
import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.schema.region.Region;
import dev.orgexport.simulator.Simulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Wiring of the platform client to a running simulator: every catalog region's login and API base
 * URL is the simulator's (so nothing leaves 127.0.0.1, even when the diagnoser probes every
 * region), secrets come from a map standing in for the environment.
 */
public final class PlatformFixture {

    /** Distinctive secrets, so LogHygieneIT can search the logs for them. */
    public static final Map<String, String> SECRETS = Map.of(
            "ORG_A_SECRET", "sA-9f3Kq-never-log-me-A",
            "ORG_B_SECRET", "sB-4t7Wz-never-log-me-B",
            "ORG_C_SECRET", "sC-2m8Xv-never-log-me-C",
            "WRONG_SECRET", "sX-0000-never-log-me-wrong");

    public static final long SEED = 20240501L;

    private PlatformFixture() {
    }

    /** Defaults, with every region served by the simulator and no local rate limit. */
    public static PlatformSettings settings(Simulator simulator) {
        Map<String, BaseUrls> overrides = new HashMap<>();
        for (Region region : simulator.catalog().all()) {
            overrides.put(region.id(), BaseUrls.both(simulator.baseUrl(region.id())));
        }
        PlatformSettings defaults = PlatformSettings.defaults();
        return defaults.withRegions(new RegionSettings(Map.of(), overrides))
                .withResilience(defaults.resilience().withRateLimit(RateLimitSettings.disabled()));
    }

    public static PlatformGateway.Builder gateway(PlatformSettings settings, RecordingListener listener,
                                                  SimpleMeterRegistry meters) {
        return PlatformGateway.builder(settings).listener(listener).meterRegistry(meters)
                .random(new Random(SEED)).secrets(SecretResolver.of(SECRETS));
    }

    /** Credentials whose tokens must belong to the simulator organization named {@code orgId} (already pinned). */
    public static OrgCredentials org(String orgId, String region, String clientId, String secretVariable) {
        return unpinned(orgId, region, clientId, secretVariable)
                .expecting(new ExpectedOrganization(orgId, null, true));
    }

    /** Credentials of an org whose organization is not known yet: its first verified token pins it. */
    public static OrgCredentials unpinned(String orgId, String region, String clientId, String secretVariable) {
        return OrgCredentials.of(orgId, region, clientId, SecretRef.parse("env:" + secretVariable));
    }
}
