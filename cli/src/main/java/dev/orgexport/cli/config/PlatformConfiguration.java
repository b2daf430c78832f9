package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.PlatformKeys.*;

import dev.orgexport.platform.api.ApiSettings;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.region.BaseUrls;
import dev.orgexport.platform.region.RegionSettings;
import dev.orgexport.platform.resilience.BreakerSettings;
import dev.orgexport.platform.resilience.RateLimitSettings;
import dev.orgexport.platform.resilience.ResilienceSettings;
import dev.orgexport.platform.resilience.RetrySettings;
import dev.orgexport.platform.token.TokenSettings;
import dev.orgexport.schema.region.Region;
import dev.orgexport.schema.region.RegionCatalog;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the platform gateway's settings from {@link PlatformKeys}. */
public final class PlatformConfiguration {

    private PlatformConfiguration() {
    }

    public static PlatformSettings from(Configuration c) {
        RegionSettings regions = regions(c);
        HttpClient.Version version = httpVersion(c);
        return ConfigException.building(() -> new PlatformSettings(regions,
                new ApiSettings(c.get(HTTP_CONNECT_TIMEOUT), c.get(HTTP_REQUEST_TIMEOUT), version, c.get(HTTP_USER_AGENT),
                        c.get(HTTP_MAX_CONCURRENT_REQUESTS), c.find(AUDIT_SERVICE_NAME).orElse(null),
                        c.get(HTTP_MAX_RESPONSE_BYTES)),
                new TokenSettings(c.get(TOKEN_REFRESH_AT), c.get(TOKEN_EXPIRY_MARGIN), c.get(TOKEN_REFRESH_RETRY_DELAY)),
                new ResilienceSettings(
                        new RetrySettings(c.get(RETRY_MAX_ATTEMPTS), c.get(RETRY_INITIAL_BACKOFF), c.get(RETRY_MAX_BACKOFF),
                                c.get(RETRY_MAX_RETRY_AFTER)),
                        new BreakerSettings(c.get(BREAKER_FAILURE_RATE_THRESHOLD).floatValue(),
                                c.get(BREAKER_SLIDING_WINDOW_SIZE), c.get(BREAKER_MINIMUM_CALLS),
                                c.get(BREAKER_TRANSIENT_OPEN_WAIT), c.get(BREAKER_CREDENTIAL_OPEN_WAIT),
                                c.get(BREAKER_HALF_OPEN_PROBES), c.get(BREAKER_PER_ORG_METERS)),
                        new RateLimitSettings(c.get(RATE_LIMIT_ENABLED), c.get(RATE_LIMIT_BUDGET), c.get(RATE_LIMIT_WINDOW),
                                c.get(RATE_LIMIT_HEADROOM), c.get(RATE_LIMIT_MAX_WAIT)),
                        c.get(IDLE_EVICTION)),
                c.get(AUDIT_AVAILABILITY_LAG), c.get(EVENT_QUEUE_CAPACITY)));
    }

    private static HttpClient.Version httpVersion(Configuration c) {
        String text = c.get(HTTP_VERSION);
        try {
            return HttpClient.Version.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw c.invalid(HTTP_VERSION.name(), false, "must be HTTP_1_1 or HTTP_2");
        }
    }

    private static RegionSettings regions(Configuration c) {
        Map<String, String> additional = new LinkedHashMap<>();
        c.find(ADDITIONAL_REGIONS).ifPresent(list -> {
            for (String pair : list.split(",")) {
                String[] parts = pair.strip().split("=", -1);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw c.invalid(ADDITIONAL_REGIONS.name(), false, "must be id=domain pairs separated by commas");
                }
                additional.put(parts[0].strip(), parts[1].strip());
            }
        });
        RegionSettings regions = ConfigException.building(() -> new RegionSettings(additional, Map.of()));
        String template = c.find(BASE_URL).orElse(null);
        return template == null ? regions : routeEveryRegion(template, regions, additional);
    }

    /**
     * Sends every region's login and API calls to {@code template} with {@code {region}}
     * replaced by the region id: how a simulator or a proxy is reached.
     */
    public static RegionSettings routeEveryRegion(String template) {
        return routeEveryRegion(template, RegionSettings.defaults(), Map.of());
    }

    private static RegionSettings routeEveryRegion(String template, RegionSettings regions, Map<String, String> additional) {
        if (!template.contains("{region}")) {
            throw new ConfigException(BASE_URL.name() + " must contain {region}, but was '" + template + "'");
        }
        RegionSettings routed = regions;
        for (Region region : RegionCatalog.builtIn().all()) {
            routed = routed.withBaseUrls(region.id(), BaseUrls.both(template.replace("{region}", region.id())));
        }
        for (String id : additional.keySet()) {
            routed = routed.withBaseUrls(id, BaseUrls.both(template.replace("{region}", id)));
        }
        return routed;
    }
}
