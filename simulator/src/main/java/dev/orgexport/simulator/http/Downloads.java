package dev.orgexport.simulator.http;

import dev.orgexport.simulator.model.Directory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Result pages behind a 302's {@code downloadUrl}, under an unguessable token (the URL is the
 * grant, as a pre-signed storage URL is). Keeps the newest 64; thread-safe.
 */
final class Downloads {

    private static final int KEPT = 64;

    private final Map<String, byte[]> pages = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > KEPT;
        }
    };

    /** Stores the page; returns its URL on the region's download host (or under the region prefix). */
    synchronized String put(Call call, byte[] page) {
        String token = UUID.randomUUID().toString();
        pages.put(token, page);
        return call.regionBase(Directory.HostRole.DOWNLOAD) + Route.DOWNLOADS + token;
    }

    synchronized byte[] get(String token) {
        return token == null ? null : pages.get(token);
    }
}
