package dev.orgexport.platform.region;

import java.util.Map;
import java.util.Objects;

/**
 * Region configuration on top of the built-in catalog of {@code schema}'s
 * {@link dev.orgexport.schema.region.RegionCatalog}.
 *
 * @param additionalRegions region id to domain, for regions that appeared after a release (or to
 *                          replace a built-in domain). Default: none.
 * @param baseUrlOverrides  region (id, short name or domain) to login and API base URLs, for a
 *                          simulator, a proxy or a test. Default: none, so region X uses
 *                          {@code https://login.<domain>} and {@code https://api.<domain>}.
 */
public record RegionSettings(Map<String, String> additionalRegions, Map<String, BaseUrls> baseUrlOverrides) {

    public RegionSettings {
        additionalRegions = Map.copyOf(Objects.requireNonNull(additionalRegions, "additionalRegions"));
        baseUrlOverrides = Map.copyOf(Objects.requireNonNull(baseUrlOverrides, "baseUrlOverrides"));
        additionalRegions.forEach((id, domain) -> {
            if (id.isBlank() || domain.isBlank() || domain.contains("/") || domain.contains(":")) {
                throw new IllegalArgumentException("additionalRegions must map a region id to a bare domain, but got '"
                        + id + "' -> '" + domain + "'");
            }
        });
    }

    /** The real platform's hosts for the built-in regions. */
    public static RegionSettings defaults() {
        return new RegionSettings(Map.of(), Map.of());
    }

    /** These settings plus one base-URL override. */
    public RegionSettings withBaseUrls(String region, BaseUrls urls) {
        Map<String, BaseUrls> overrides = new java.util.HashMap<>(baseUrlOverrides);
        overrides.put(region, urls);
        return new RegionSettings(additionalRegions, overrides);
    }
}
