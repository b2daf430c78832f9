package dev.orgexport.schema.region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The catalog of Genesys Cloud regions as data. The built-in list ships as
 * {@code regions.properties}; {@link #withAdditions(Map)} adds regions that appeared after a
 * release. Shared by the platform client and the simulator so that both agree on every
 * region's hosts. Immutable and thread-safe.
 */
public final class RegionCatalog {

    private static final String RESOURCE = "regions.properties";

    private final Map<String, Region> byId;

    private RegionCatalog(Map<String, Region> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** The regions the platform's SDKs know today. */
    public static RegionCatalog builtIn() {
        Properties properties = new Properties();
        try (InputStream in = RegionCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("region catalog resource " + RESOURCE + " is missing from the jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the region catalog " + RESOURCE, e);
        }
        Map<String, Region> regions = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
                .forEach(id -> regions.put(id, new Region(id, properties.getProperty(id).trim())));
        return new RegionCatalog(regions);
    }

    /** This catalog plus the given regions (id to domain); a given id replaces a built-in one. */
    public RegionCatalog withAdditions(Map<String, String> domainsById) {
        Map<String, Region> regions = new LinkedHashMap<>(byId);
        domainsById.forEach((id, domain) -> regions.put(id, new Region(id, domain)));
        return new RegionCatalog(regions);
    }

    public List<Region> all() {
        return new ArrayList<>(byId.values());
    }

    /**
     * Finds a region by id ({@code us-west-2}), short name ({@code usw2}) or domain
     * ({@code usw2.pure.cloud}, also with a {@code login.} or {@code api.} prefix).
     */
    public Optional<Region> find(String idShortNameOrDomain) {
        if (idShortNameOrDomain == null) {
            return Optional.empty();
        }
        String key = idShortNameOrDomain.trim().toLowerCase(Locale.ROOT);
        Region exact = byId.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        String domain = key.startsWith("login.") || key.startsWith("api.") ? key.substring(key.indexOf('.') + 1) : key;
        return byId.values().stream()
                .filter(r -> r.shortName().equals(key) || r.domain().equals(domain))
                .findFirst();
    }

    /**
     * Like {@link #find(String)}, but an unknown region is an error that lists the valid ones.
     *
     * @throws UnknownRegionException naming the value and every valid region id
     */
    public Region require(String idShortNameOrDomain) {
        return find(idShortNameOrDomain).orElseThrow(() -> new UnknownRegionException(
                idShortNameOrDomain, byId.keySet().stream().collect(Collectors.joining(", "))));
    }

    /** Thrown for a region that is not in the catalog. */
    public static final class UnknownRegionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownRegionException(String value, String validIds) {
            super("unknown region '" + value + "'; valid regions: " + validIds);
        }
    }
}
