package dev.orgexport.cli.config;

import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.region.BaseUrls;
import dev.orgexport.platform.region.RegionSettings;
import dev.orgexport.schema.region.Region;
import dev.orgexport.schema.region.RegionCatalog;

/** Builds the platform gateway's settings from {@code platform.*}. */
public final class PlatformConfiguration {

    private PlatformConfiguration() {
    }

    public static PlatformSettings from(Configuration configuration) {
        PlatformSettings settings = PlatformSettings.defaults();
        return configuration.get(Settings.PLATFORM_BASE_URL)
                .map(template -> settings.withRegions(routeEveryRegion(template)))
                .orElse(settings);
    }

    /**
     * Sends every region's login and API calls to {@code template} with {@code {region}}
     * replaced by the region id: how a simulator or a proxy is reached.
     */
    public static RegionSettings routeEveryRegion(String template) {
        if (!template.contains("{region}")) {
            throw new ConfigException(Settings.PLATFORM_BASE_URL.key() + " must contain {region}, but was '" + template + "'");
        }
        RegionSettings regions = RegionSettings.defaults();
        for (Region region : RegionCatalog.builtIn().all()) {
            regions = regions.withBaseUrls(region.id(), BaseUrls.both(template.replace("{region}", region.id())));
        }
        return regions;
    }
}
