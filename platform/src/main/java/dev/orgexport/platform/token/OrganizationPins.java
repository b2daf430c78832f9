package dev.orgexport.platform.token;

import dev.orgexport.platform.api.TokenIdentity;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where an org's platform organization is pinned by its first verified token, when orgs.yaml does
 * not name it (or names it but it is not stored as a pin yet). The worker's implementation is a
 * guarded database update plus an audit row, so the pin holds across processes and restarts; the
 * default, {@link #inMemory()}, holds for the life of one gateway.
 *
 * <p>Called from a token request's completion, at most once per new token of an org that is not
 * pinned yet; it may block briefly (one small transaction). Implementations are thread-safe.
 */
@FunctionalInterface
public interface OrganizationPins {

    /**
     * Pins the org to the token's organization unless it is pinned already.
     *
     * @param org      the org's credentials (the client that got the token)
     * @param regionId the region the token came from
     * @param identity the token's {@code tokens/me} answer
     * @return the organization the org is pinned to after the call: the token's when this call
     *         pinned it, else the one pinned first (possibly by another process)
     */
    ExpectedOrganization pin(OrgCredentials org, String regionId, TokenIdentity identity);

    /** Pins held in this process only: the first token of each org id wins. */
    static OrganizationPins inMemory() {
        ConcurrentMap<String, ExpectedOrganization> pins = new ConcurrentHashMap<>();
        return (org, regionId, identity) -> pins.computeIfAbsent(org.orgId(),
                id -> new ExpectedOrganization(identity.organizationId(), identity.organizationName(), true));
    }
}
