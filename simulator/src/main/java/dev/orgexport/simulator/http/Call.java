package dev.orgexport.simulator.http;

import dev.orgexport.schema.region.Region;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.model.Directory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import java.util.concurrent.ThreadLocalRandom;
import java.util.UUID;

/**
 * One request being answered: Jetty's request, response and completion callback, its correlation id, the region it is addressed to
 * (null for the admin API), the path below the region, the endpoint it matched and the client it
 * is counted under. Used by one thread at a time.
 */
final class Call {

    private static final int MAX_BODY_BYTES = 1 << 20;

    final Request request;
    final Response response;
    final Callback callback;
    final String correlationId;
    final Region region;
    final String path;
    final Route route;
    String clientId;
    /** The host the request was addressed to, or null when the region came from a path prefix. */
    Directory.HostRole hostRole;

    Call(Request request, Response response, Callback callback, Region region, String path, Route route) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.correlationId = newCorrelationId();
        this.region = region;
        this.path = path;
        this.route = route;
    }

    Endpoint endpoint() {
        return route.endpoint();
    }

    String method() {
        return request.getMethod();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The request body, at most 1 MiB (larger bodies are a 400). */
    byte[] body() throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw PlatformException.badRequest("The request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /**
     * The URL prefix under which this request's region is served, as the client addressed it:
     * {@code scheme://host:port/<region>} in path-prefix mode; in host mode the {@code role} host
     * of the region ({@code scheme://<role>.<domain>:port}).
     */
    String regionBase(Directory.HostRole role) {
        String scheme = request.getHttpURI().getScheme() == null ? "http" : request.getHttpURI().getScheme();
        int port = Request.getServerPort(request);
        if (hostRole == null) {
            return scheme + "://" + Request.getServerName(request) + ":" + port + "/" + region.id();
        }
        boolean defaultPort = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + role.name().toLowerCase(java.util.Locale.ROOT) + "." + region.domain()
                + (defaultPort ? "" : ":" + port);
    }

    /** The decoded query parameters (the first value of each). */
    Map<String, String> query() {
        return parseForm(request.getHttpURI().getQuery());
    }

    static Map<String, String> parseForm(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw PlatformException.badRequest("Malformed URL encoding in '" + pair + "'");
            }
        }
        return values;
    }

    /** A random UUID without the secure generator's lock: correlation ids need uniqueness, not secrecy. */
    private static String newCorrelationId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
