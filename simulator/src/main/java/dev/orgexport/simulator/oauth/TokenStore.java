package dev.orgexport.simulator.oauth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Issued tokens: random opaque strings (32 random bytes, base64url) mapped to their {@link Grant}.
 * Thread-safe. Expired and revoked grants are kept until {@link #purge(Duration)} so that a late
 * request with them is still attributed to its client in the stats; memory stays bounded by the
 * purge.
 */
public final class TokenStore {

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, Grant> grants = new ConcurrentHashMap<>();
    /** Every token ever issued, kept past revocation and purge: ground truth for leak scans. */
    private final java.util.Set<String> issued = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    public TokenStore(Clock clock) {
        this.clock = clock;
    }

    /** Issues a new token for the client of the org, valid for {@code lifetime}. */
    public String issue(String orgId, String clientId, Duration lifetime) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        grants.put(token, new Grant(orgId, clientId, now, now.plus(lifetime), false));
        issued.add(token);
        return token;
    }

    /** Every token this store ever issued (for tests that prove no token leaked anywhere). */
    public java.util.Set<String> issued() {
        return java.util.Set.copyOf(issued);
    }

    /** The grant of this token, valid or not; empty for a token never issued (or purged). */
    public Optional<Grant> find(String token) {
        return Optional.ofNullable(token == null ? null : grants.get(token));
    }

    /** Revokes every token of the client; returns how many were still valid. */
    public int revokeAll(String clientId) {
        Instant now = clock.instant();
        int[] revoked = {0};
        grants.replaceAll((token, grant) -> {
            if (!grant.clientId().equals(clientId) || grant.revoked()) {
                return grant;
            }
            if (grant.validAt(now)) {
                revoked[0]++;
            }
            return grant.revoke();
        });
        return revoked[0];
    }

    /** Forgets grants that expired more than {@code grace} ago (revoked ones by their expiry too). */
    public void purge(Duration grace) {
        Instant cutoff = clock.instant().minus(grace);
        grants.values().removeIf(grant -> grant.expiresAt().isBefore(cutoff));
    }

    public int size() {
        return grants.size();
    }
}
