package dev.orgexport.platform.region;

import dev.orgexport.schema.region.Region;
import dev.orgexport.schema.region.RegionCatalog;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves a region reference (id {@code us-west-2}, short name {@code usw2} or domain
 * {@code usw2.pure.cloud}) to the URLs requests go to. The region list itself lives in
 * {@code schema}'s {@link RegionCatalog}; this class adds only the configured additions and
 * base-URL overrides. Immutable and thread-safe.
 */
public final class RegionDirectory {

    private final RegionCatalog catalog;
    private final Map<String, RegionEndpoints> endpointsById;

    private RegionDirectory(RegionCatalog catalog, Map<String, RegionEndpoints> endpointsById) {
        this.catalog = catalog;
        this.endpointsById = endpointsById;
    }

    /**
     * The built-in catalog plus the settings' additions and overrides.
     *
     * @throws RegionCatalog.UnknownRegionException when an override names a region that is not in
     *                                              the catalog (the message lists the valid ones)
     */
    public static RegionDirectory of(RegionSettings settings) {
        Objects.requireNonNull(settings, "settings");
        RegionCatalog catalog = RegionCatalog.builtIn().withAdditions(settings.additionalRegions());
        Map<String, BaseUrls> overrides = new LinkedHashMap<>();
        settings.baseUrlOverrides().forEach((reference, urls) -> overrides.put(catalog.require(reference).id(), urls));
        Map<String, RegionEndpoints> endpoints = new LinkedHashMap<>();
        for (Region region : catalog.all()) {
            BaseUrls urls = overrides.getOrDefault(region.id(), new BaseUrls(
                    URI.create("https://" + region.loginHost()), URI.create("https://" + region.apiHost())));
            endpoints.put(region.id(), new RegionEndpoints(region.id(), urls));
        }
        return new RegionDirectory(catalog, Map.copyOf(endpoints));
    }

    /**
     * The endpoints of a region given by id, short name or domain.
     *
     * @throws RegionCatalog.UnknownRegionException naming the value and every valid region id
     */
    public RegionEndpoints endpoints(String regionReference) {
        return endpointsById.get(catalog.require(regionReference).id());
    }

    /** The region given by id, short name or domain. */
    public Region region(String regionReference) {
        return catalog.require(regionReference);
    }

    /** Every region's endpoints, in the catalog's order. */
    public List<RegionEndpoints> all() {
        return catalog.all().stream().map(region -> endpointsById.get(region.id())).toList();
    }
}
