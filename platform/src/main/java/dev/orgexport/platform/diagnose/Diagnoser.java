package dev.orgexport.platform.diagnose;

import dev.orgexport.platform.api.AccessToken;
import dev.orgexport.platform.api.ApiTarget;
import dev.orgexport.platform.api.OrganizationInfo;
import dev.orgexport.platform.api.PlatformClient;
import dev.orgexport.platform.api.TokenGrant;
import dev.orgexport.platform.api.TokenIdentity;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.region.RegionDirectory;
import dev.orgexport.platform.region.RegionEndpoints;
import dev.orgexport.platform.secret.Secret;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.secret.SecretUnavailableException;
import dev.orgexport.platform.token.ExpectedOrganization;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.schema.task.ExportKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Tells why an org cannot export, for {@code orgexport diagnose}: tries the org's credentials at
 * its configured region; if they are rejected and the operator allowed it, at every other
 * region's login host (in parallel) to find where the client authenticates; checks that the
 * token's organization is the configured one; checks each export kind's permission. Returns one
 * line of cause and the evidence.
 *
 * <p>Bypasses the token cache, retries and circuit breakers on purpose: it is an explicit,
 * operator-run check that must see the platform's own answers. Tokens it obtains are used for the
 * checks only and dropped. Blocks the calling thread (at most a few request timeouts); thread-safe.
 */
public final class Diagnoser {

    /** An id no audit query has: 404 means the permission check passed, 403 that it did not. */
    static final String AUDIT_PROBE_ID = "orgexport-diagnose-permission-probe";

    private final PlatformClient client;
    private final RegionDirectory regions;
    private final SecretResolver secrets;

    public Diagnoser(PlatformClient client, RegionDirectory regions, SecretResolver secrets) {
        this.client = Objects.requireNonNull(client, "client");
        this.regions = Objects.requireNonNull(regions, "regions");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    public Diagnosis diagnose(OrgCredentials org, DiagnoseOptions options) {
        List<String> evidence = new ArrayList<>();
        RegionEndpoints home;
        try {
            home = regions.endpoints(org.regionId());
        } catch (IllegalArgumentException e) {
            return new Diagnosis(org.orgId(), Verdict.UNKNOWN_REGION, "org " + org.orgId() + ": " + e.getMessage(),
                    evidence, null);
        }
        Secret secret;
        try {
            secret = secrets.resolve(org.secretRef());
        } catch (SecretUnavailableException e) {
            return new Diagnosis(org.orgId(), Verdict.SECRET_UNAVAILABLE, "org " + org.orgId() + ": " + e.getMessage(),
                    evidence, null);
        }
        Outcome<TokenGrant> login = Outcome.await(client.requestToken(target(org, home), org.clientId(), secret));
        if (!login.ok()) {
            evidence.add(where(home) + ": " + login.describeFailure());
            FailureKind kind = login.failure().kind();
            if (kind != FailureKind.CREDENTIALS_REJECTED && kind != FailureKind.CLIENT_NOT_FOUND) {
                return new Diagnosis(org.orgId(), Verdict.PLATFORM_UNAVAILABLE, "org " + org.orgId()
                        + ": the login host of " + home.regionId() + " did not answer usefully (" + kind
                        + "); try again, and check the region's login base URL", evidence, null);
            }
            return rejected(org, home, secret, kind, options, evidence);
        }
        AccessToken token = login.value().token();
        evidence.add(where(home) + ": token issued, valid " + token.lifetime().toSeconds() + " s");
        return verified(org, home, token, options, evidence);
    }

    private Diagnosis verified(OrgCredentials org, RegionEndpoints home, AccessToken token, DiagnoseOptions options,
                               List<String> evidence) {
        ApiTarget target = target(org, home);
        Outcome<TokenIdentity> me = Outcome.await(client.tokensMe(target, token));
        if (!me.ok()) {
            evidence.add("GET /api/v2/tokens/me at " + home.apiHost() + ": " + me.describeFailure());
            return me.failure().kind() == FailureKind.TOKEN_REJECTED
                    ? new Diagnosis(org.orgId(), Verdict.TOKEN_REJECTED, "org " + org.orgId() + ": client "
                            + org.clientId() + " gets a token but the API refuses it: the client is disabled or its "
                            + "tokens are revoked", evidence, home.regionId())
                    : new Diagnosis(org.orgId(), Verdict.PLATFORM_UNAVAILABLE, "org " + org.orgId()
                            + ": the API host of " + home.regionId() + " did not answer usefully; try again",
                            evidence, home.regionId());
        }
        TokenIdentity identity = me.value();
        evidence.add("token organization " + identity.organizationId() + " (" + identity.organizationName()
                + "), client " + identity.clientId() + " (" + identity.clientName() + ")");
        ExpectedOrganization expected = org.expected();
        String actual = identity.organizationId()
                + (identity.organizationName() == null ? "" : " (" + identity.organizationName() + ")");
        if (expected == null) {
            evidence.add("org " + org.orgId() + " has no organizationId and is not pinned yet: its first verified "
                    + "token will pin it to organization " + actual);
        } else if (!expected.matches(identity.organizationId())) {
            return new Diagnosis(org.orgId(), Verdict.ORG_MISMATCH, "org " + org.orgId() + " is organization "
                    + expected.describe() + ", but client " + org.clientId() + " belongs to organization " + actual
                    + ": configure a client created in " + expected.id() + ", or, if org " + org.orgId()
                    + " now stands for " + identity.organizationId() + ", set organizationId: "
                    + identity.organizationId() + " in orgs.yaml", evidence, home.regionId());
        } else {
            evidence.add("org " + org.orgId() + " is organization " + expected.describe()
                    + (expected.pinned() ? " (pinned)" : " (organizationId, not pinned yet)") + ": the token's matches");
        }
        Outcome<OrganizationInfo> organization = Outcome.await(client.organizationsMe(target, token));
        evidence.add(organization.ok()
                ? "organization " + organization.value().name() + " is " + organization.value().state()
                : "GET /api/v2/organizations/me: " + organization.describeFailure());
        List<String> missing = new ArrayList<>();
        for (ExportKind kind : options.kinds()) {
            Outcome<?> check = Outcome.await(permissionCheck(target, token, kind));
            boolean forbidden = !check.ok() && check.failure().kind() == FailureKind.MISSING_PERMISSION;
            boolean permitted = check.ok() || check.failure().jobNotFound();
            if (forbidden) {
                missing.add(kind.permission());
            }
            evidence.add(kind + " needs " + kind.permission() + ": "
                    + (permitted ? "granted" : forbidden ? "MISSING" : "unknown, " + check.describeFailure()));
        }
        if (!missing.isEmpty()) {
            return new Diagnosis(org.orgId(), Verdict.MISSING_PERMISSION, "org " + org.orgId() + ": client "
                    + org.clientId() + " lacks " + String.join(", ", missing) + ": grant them to the client's role",
                    evidence, home.regionId());
        }
        return new Diagnosis(org.orgId(), Verdict.HEALTHY, "org " + org.orgId() + ": credentials work in "
                + home.regionId() + ", the token is this org's, and the checked exports are permitted",
                evidence, home.regionId());
    }

    private Diagnosis rejected(OrgCredentials org, RegionEndpoints home, Secret secret, FailureKind homeKind,
                               DiagnoseOptions options, List<String> evidence) {
        String configured = "org " + org.orgId() + ": region " + home.regionId() + " rejects client " + org.clientId();
        if (!options.probeOtherRegions()) {
            return new Diagnosis(org.orgId(), homeKind == FailureKind.CLIENT_NOT_FOUND
                    ? Verdict.CLIENT_NOT_FOUND : Verdict.CREDENTIALS_REJECTED, configured
                    + " (" + homeKind + "): wrong secret, wrong region, rotated or disabled; allow region probing to "
                    + "check the other regions", evidence, null);
        }
        Map<RegionEndpoints, CompletableFuture<TokenGrant>> probes = new LinkedHashMap<>();
        for (RegionEndpoints other : regions.all()) {
            if (!other.regionId().equals(home.regionId())) {
                probes.put(other, client.requestToken(target(org, other), org.clientId(), secret));
            }
        }
        String acceptedIn = null;
        String acceptedOrg = null;
        boolean knownElsewhere = false;
        for (Map.Entry<RegionEndpoints, CompletableFuture<TokenGrant>> probe : probes.entrySet()) {
            RegionEndpoints region = probe.getKey();
            Outcome<TokenGrant> outcome = Outcome.await(probe.getValue());
            if (outcome.ok()) {
                Outcome<TokenIdentity> me = Outcome.await(client.tokensMe(target(org, region), outcome.value().token()));
                String orgThere = me.ok() ? me.value().organizationId() : null;
                evidence.add(where(region) + ": token issued" + (orgThere == null ? "" : ", organization " + orgThere));
                if (acceptedIn == null) {
                    acceptedIn = region.regionId();
                    acceptedOrg = orgThere;
                }
            } else {
                evidence.add(where(region) + ": " + outcome.describeFailure());
                knownElsewhere |= outcome.failure().kind() == FailureKind.CREDENTIALS_REJECTED;
            }
        }
        if (acceptedIn != null) {
            ExpectedOrganization expected = org.expected();
            String otherOrg = acceptedOrg != null && expected != null && !expected.matches(acceptedOrg)
                    ? " (but its token belongs to organization " + acceptedOrg + ", not " + expected.describe() + ")" : "";
            return new Diagnosis(org.orgId(), Verdict.WRONG_REGION, "org " + org.orgId() + ": client " + org.clientId()
                    + " authenticates in " + acceptedIn + ", not in the configured " + home.regionId()
                    + ": set the org's region to " + acceptedIn + otherOrg, evidence, acceptedIn);
        }
        if (homeKind == FailureKind.CLIENT_NOT_FOUND && !knownElsewhere) {
            return new Diagnosis(org.orgId(), Verdict.CLIENT_NOT_FOUND, "org " + org.orgId() + ": client id "
                    + org.clientId() + " is unknown in every region: check the client id", evidence, null);
        }
        return new Diagnosis(org.orgId(), Verdict.CREDENTIALS_REJECTED, configured
                + " and no other region accepts it: the secret is wrong or rotated, or the client is disabled",
                evidence, null);
    }

    private CompletableFuture<?> permissionCheck(ApiTarget target, AccessToken token, ExportKind kind) {
        return kind == ExportKind.AUDIT_EVENTS
                ? client.status(target, token, kind, AUDIT_PROBE_ID)
                : client.availability(target, token, kind);
    }

    private static ApiTarget target(OrgCredentials org, RegionEndpoints endpoints) {
        return new ApiTarget(org.orgId(), endpoints);
    }

    private static String where(RegionEndpoints endpoints) {
        return endpoints.regionId() + " (" + endpoints.loginHost() + ")";
    }
}
