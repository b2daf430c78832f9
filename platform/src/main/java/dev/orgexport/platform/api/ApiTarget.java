package dev.orgexport.platform.api;

import dev.orgexport.platform.region.RegionEndpoints;
import java.util.Objects;

/**
 * Which org a request is for and where it goes. The org id only labels failures; the region's
 * endpoints decide the URLs.
 */
public record ApiTarget(String orgId, RegionEndpoints endpoints) {

    public ApiTarget {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(endpoints, "endpoints");
    }
}
