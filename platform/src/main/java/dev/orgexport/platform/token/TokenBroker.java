package dev.orgexport.platform.token;

import dev.orgexport.platform.api.AccessToken;
import dev.orgexport.platform.api.ApiTarget;
import dev.orgexport.platform.api.PlatformClient;
import dev.orgexport.platform.api.TokenGrant;
import dev.orgexport.platform.api.TokenIdentity;
import dev.orgexport.platform.event.AuthFailure;
import dev.orgexport.platform.event.PlatformListener;
import dev.orgexport.platform.event.TokenIssued;
import dev.orgexport.platform.failure.FailureContext;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.failure.PlatformException;
import dev.orgexport.platform.region.RegionEndpoints;
import dev.orgexport.platform.secret.Secret;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.secret.SecretUnavailableException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens for many orgs: cached per {@link OrgKey} (org, region, client id), refreshed ahead of
 * expiry, requested once however many callers wait, and verified before use.
 *
 * <ul>
 *   <li><b>Cache hit</b>: a token younger than {@link TokenSettings#refreshAt()} of its lifetime
 *       is returned at once, as the same completed future, with no lock and no allocation.</li>
 *   <li><b>Refresh ahead</b>: an older, still usable token is returned too, and the first such
 *       caller starts a background request for its successor.</li>
 *   <li><b>Single flight</b>: without a usable token, every caller shares one request.</li>
 *   <li><b>Org verification</b>: after each new token, {@code GET /api/v2/tokens/me}; a token of
 *       another organization than the org's expected one fails with {@link FailureKind#ORG_MISMATCH}
 *       and is never cached or handed out, so no export call can be made with it. When the org's
 *       organization is not known or not pinned yet, {@link OrganizationPins} pins it first (the
 *       first verified token wins, across processes), and the token is compared with the winner.</li>
 *   <li><b>Invalidation</b>: {@link #invalidate} drops a token the API rejected (only if it is
 *       still the cached one, so many concurrent 401s cause one new request).</li>
 * </ul>
 * The secret is resolved for each token request and dropped right after. No retry and no breaker
 * here: a failed request fails its waiters, and the layers above decide. Auth failures and new
 * tokens are reported to the {@link PlatformListener} once per request. Thread-safe.
 */
public final class TokenBroker {

    private static final Logger LOG = LoggerFactory.getLogger(TokenBroker.class);

    private final PlatformClient client;
    private final SecretResolver secrets;
    private final TokenSettings settings;
    private final Clock clock;
    private final PlatformListener listener;
    private final OrganizationPins pins;
    private final ConcurrentMap<OrgKey, TokenSlot> slots = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder refreshesAhead = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /** A broker whose org pins live in this process only ({@link OrganizationPins#inMemory()}). */
    public TokenBroker(PlatformClient client, SecretResolver secrets, TokenSettings settings, Clock clock,
                       PlatformListener listener) {
        this(client, secrets, settings, clock, listener, OrganizationPins.inMemory());
    }

    public TokenBroker(PlatformClient client, SecretResolver secrets, TokenSettings settings, Clock clock,
                       PlatformListener listener, OrganizationPins pins) {
        this.pins = Objects.requireNonNull(pins, "pins");
        this.client = Objects.requireNonNull(client, "client");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A verified token for the org, from the cache or from a (shared) new request.
     *
     * @param endpoints the org's region, resolved by the caller
     * @return a future completed with a token, or exceptionally with a {@link PlatformException}
     */
    public CompletableFuture<AccessToken> token(OrgCredentials org, RegionEndpoints endpoints) {
        OrgKey key = new OrgKey(org.orgId(), endpoints.regionId(), org.clientId());
        TokenSlot slot = slots.get(key);
        if (slot == null) {
            slot = slots.computeIfAbsent(key, k -> new TokenSlot());
        }
        TokenSlot.Cached cached = slot.cached();
        if (cached != null) {
            long now = clock.millis();
            if (now < cached.refreshAtMillis()) {
                hits.increment();
                return cached.future();
            }
            if (now < cached.usableUntilMillis()) {
                hits.increment();
                long lifetime = cached.token().lifetime().toMillis();
                if (slot.claimRefresh(now, settings.refreshRetryMillis(lifetime))) {
                    refreshesAhead.increment();
                    request(slot, key, org, endpoints);
                }
                return cached.future();
            }
        }
        return request(slot, key, org, endpoints);
    }

    /**
     * Drops {@code rejected} if it is still the org's cached token; the next {@link #token} call
     * requests a new one.
     */
    public void invalidate(OrgCredentials org, RegionEndpoints endpoints, AccessToken rejected) {
        TokenSlot slot = slots.get(new OrgKey(org.orgId(), endpoints.regionId(), org.clientId()));
        if (slot != null && slot.dropIfCurrent(rejected)) {
            LOG.info("org {}: token rejected by the API, dropped; the next call requests a new one", org.orgId());
        }
    }

    /** Forgets every token of the org (its configuration changed or it was removed). */
    public void evict(String orgId) {
        slots.entrySet().removeIf(entry -> {
            if (entry.getKey().orgId().equals(orgId)) {
                entry.getValue().drop();
                return true;
            }
            return false;
        });
    }

    /** Forgets slots with neither a usable token nor a request in flight; returns how many. */
    public int evictIdle() {
        long now = clock.millis();
        int before = slots.size();
        slots.values().removeIf(slot -> slot.idle(now));
        return before - slots.size();
    }

    /** Number of (org, region, client) slots held. */
    public int size() {
        return slots.size();
    }

    public long cacheHits() {
        return hits.sum();
    }

    public long refreshesAhead() {
        return refreshesAhead.sum();
    }

    /** Token requests sent (each followed by its {@code tokens/me} check when it succeeds). */
    public long tokenRequests() {
        return requests.sum();
    }

    public long tokenFailures() {
        return failures.sum();
    }

    private CompletableFuture<AccessToken> request(TokenSlot slot, OrgKey key, OrgCredentials org,
                                                   RegionEndpoints endpoints) {
        CompletableFuture<AccessToken> mine = new CompletableFuture<>();
        CompletableFuture<AccessToken> shared = slot.joinOrRegister(mine);
        if (shared != null) {
            return shared;
        }
        requests.increment();
        ApiTarget target = new ApiTarget(org.orgId(), endpoints);
        CompletableFuture<AccessToken> verified;
        try {
            Secret secret = secrets.resolve(org.secretRef());
            verified = client.requestToken(target, org.clientId(), secret)
                    .thenCompose(grant -> client.tokensMe(target, grant.token())
                            .thenApply(identity -> verify(org, endpoints, grant, identity)));
        } catch (SecretUnavailableException e) {
            verified = CompletableFuture.failedFuture(client.classifier().secretUnavailable(
                    new FailureContext(org.orgId(), endpoints.regionId(), endpoints.loginHost(), "resolve secret"),
                    e.getMessage()));
        } catch (RuntimeException e) {
            // Never leave the slot's request registered without an outcome: its waiters would hang.
            verified = CompletableFuture.failedFuture(e);
        }
        verified.whenComplete((token, error) -> {
            if (error == null) {
                long issued = token.issuedAt().toEpochMilli();
                long lifetime = token.lifetime().toMillis();
                slot.finish(mine, new TokenSlot.Cached(mine, token, issued + settings.refreshAfterMillis(lifetime),
                        issued + settings.usableForMillis(lifetime)));
                mine.complete(token);
            } else {
                slot.finish(mine, null);
                failures.increment();
                report(key, org, error);
                mine.completeExceptionally(PlatformException.unwrap(error).map(Throwable.class::cast).orElse(error));
            }
        });
        return mine;
    }

    private AccessToken verify(OrgCredentials org, RegionEndpoints endpoints, TokenGrant grant, TokenIdentity identity) {
        ExpectedOrganization expected = org.expected();
        if (expected == null || !expected.pinned()) {
            // Check a configured organization before pinning, so a wrong client never pins anything.
            if (expected != null && !expected.matches(identity.organizationId())) {
                throw mismatch(org, endpoints, expected, identity);
            }
            ExpectedOrganization pinned = pins.pin(org, endpoints.regionId(), identity);
            expected = expected != null ? expected : pinned;
        }
        if (!expected.matches(identity.organizationId())) {
            throw mismatch(org, endpoints, expected, identity);
        }
        AccessToken token = grant.token();
        LOG.debug("org {}: new token for client {} in {}, expires at {}", org.orgId(), org.clientId(),
                endpoints.regionId(), token.expiresAt());
        listener.tokenIssued(new TokenIssued(org.orgId(), org.clientId(), endpoints.regionId(), endpoints.loginHost(),
                token.issuedAt(), token.expiresAt(), grant.correlationId()));
        return token;
    }

    private RuntimeException mismatch(OrgCredentials org, RegionEndpoints endpoints, ExpectedOrganization expected,
                                      TokenIdentity identity) {
        return client.classifier().orgMismatch(
                new FailureContext(org.orgId(), endpoints.regionId(), endpoints.apiHost(), "GET /api/v2/tokens/me"),
                org.clientId(), expected.id(), expected.name(), identity.organizationId(), identity.organizationName(),
                identity.correlationId());
    }

    private void report(OrgKey key, OrgCredentials org, Throwable error) {
        PlatformException failure = PlatformException.unwrap(error).orElse(null);
        if (failure == null) {
            LOG.error("org {}: token request for {} failed unexpectedly", org.orgId(), key, error);
            return;
        }
        if (failure.kind().alwaysAudited() || failure.kind() == FailureKind.RATE_LIMITED) {
            LOG.warn("org {}: token request failed: {}", org.orgId(), failure.getMessage());
            listener.authFailure(new AuthFailure(org.orgId(), org.clientId(), clock.instant(), failure));
        } else {
            LOG.info("org {}: token request failed: {}", org.orgId(), failure.getMessage());
        }
    }
}
