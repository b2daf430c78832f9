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

    /**
     * Whether a result download URL (an audit query's 302 {@code downloadUrl}) points at this
     * region's download host: the same scheme as the API base, and either under the API base
     * itself (a simulator or proxy serving everything under one base) or on
     * {@code download.<domain>} next to {@code api.<domain>}, on the API base's port. The real
     * platform's download host is not documented publicly; anything else is refused, so no request
     * ever follows a redirect to a host an attacker or a misconfigured proxy chose.
     */
    public boolean downloadAllowed(URI url) {
        URI api = baseUrls.api();
        if (url == null || url.getHost() == null || url.getRawUserInfo() != null
                || !api.getScheme().equalsIgnoreCase(url.getScheme()) || url.getPort() != api.getPort()) {
            return false;
        }
        String host = url.getHost().toLowerCase(java.util.Locale.ROOT);
        String apiHost = api.getHost().toLowerCase(java.util.Locale.ROOT);
        String apiPath = api.getRawPath() == null ? "" : api.getRawPath();
        if (host.equals(apiHost)) {
            return url.getRawPath() != null && url.getRawPath().startsWith(apiPath + "/");
        }
        return apiHost.startsWith("api.") && host.equals("download." + apiHost.substring("api.".length()));
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
