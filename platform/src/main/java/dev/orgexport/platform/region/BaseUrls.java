package dev.orgexport.platform.region;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The login and API base URLs of one region. Each may carry a path: a simulator serves a region
 * under {@code http://127.0.0.1:PORT/us-west-2}, with {@code /oauth/token} and {@code /api/v2/...}
 * appended to it; a proxy may serve both under one host. A trailing slash is ignored.
 *
 * @param login base URL of the login host ({@code https://login.<domain>} for the real platform)
 * @param api   base URL of the API host ({@code https://api.<domain>} for the real platform)
 */
public record BaseUrls(URI login, URI api) {

    public BaseUrls {
        login = check("login", login);
        api = check("api", api);
    }

    /** Login and API served under one base URL, as the simulator does. */
    public static BaseUrls both(String baseUrl) {
        URI uri = URI.create(baseUrl);
        return new BaseUrls(uri, uri);
    }

    public static BaseUrls of(String login, String api) {
        return new BaseUrls(URI.create(login), URI.create(api));
    }

    private static URI check(String field, URI uri) {
        Objects.requireNonNull(uri, field + " base URL");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException(field + " base URL must be an absolute http or https URL, but was " + uri);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(field
                    + " base URL must have a host and no user info, query or fragment, but was " + uri);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }
}
