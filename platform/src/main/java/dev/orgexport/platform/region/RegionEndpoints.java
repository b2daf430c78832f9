package dev.orgexport.platform.region;

import java.net.URI;
import java.util.Objects;

/**
 * Where to send one region's requests: the region id plus its login and API base URLs (the real
 * hosts, or overrides from configuration). Immutable.
 */
public record RegionEndpoints(String regionId, BaseUrls baseUrls) {

    public RegionEndpoints {
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(baseUrls, "baseUrls");
    }

    /** {@code <login base>/oauth/token}. */
    public URI tokenUri() {
        return URI.create(baseUrls.login() + "/oauth/token");
    }

    /**
     * The API URL of a path such as {@code /api/v2/tokens/me}; the path and query must already be
     * encoded.
     */
    public URI apiUri(String encodedPathAndQuery) {
        if (!encodedPathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("API path must start with '/', but was " + encodedPathAndQuery);
        }
        return URI.create(baseUrls.api() + encodedPathAndQuery);
    }

    /** The login host as shown to operators: authority plus base path, e.g. {@code login.usw2.pure.cloud}. */
    public String loginHost() {
        return display(baseUrls.login());
    }

    /** The API host as shown to operators, e.g. {@code api.usw2.pure.cloud}. */
    public String apiHost() {
        return display(baseUrls.api());
    }

    private static String display(URI base) {
        return base.getRawAuthority() + (base.getRawPath() == null ? "" : base.getRawPath());
    }
}
