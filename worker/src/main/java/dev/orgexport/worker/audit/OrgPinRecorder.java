package dev.orgexport.worker.audit;

import dev.orgexport.platform.api.TokenIdentity;
import dev.orgexport.platform.token.ExpectedOrganization;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.platform.token.OrganizationPins;
import dev.orgexport.schema.org.OrgPin;
import dev.orgexport.schema.org.PostgresOrgPins;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's {@link OrganizationPins}: the first verified token of an unpinned org pins it in the
 * {@code org} row (guarded update, so of two workers racing exactly one wins) with a
 * {@code PinOrganization} audit row in the same transaction; every caller gets the stored pin
 * back and its token is compared with that. A database failure fails the token request (the
 * caller retries later); an unverifiable token is never used. Thread-safe.
 */
public final class OrgPinRecorder implements OrganizationPins {

    private static final Logger log = LoggerFactory.getLogger(OrgPinRecorder.class);

    private final PostgresOrgPins pins;
    private final Clock clock;
    private final String workerId;

    public OrgPinRecorder(PostgresOrgPins pins, Clock clock, String workerId) {
        this.pins = Objects.requireNonNull(pins, "pins");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
    }

    @Override
    public ExpectedOrganization pin(OrgCredentials org, String regionId, TokenIdentity identity) {
        OrgPin candidate = new OrgPin(identity.organizationId(), identity.organizationName(), clock.instant(),
                org.clientId(), regionId);
        PostgresOrgPins.Outcome outcome = pins.pin(org.orgId(), candidate,
                        pin -> AuditRows.pinOrganization(org.orgId(), pin, workerId))
                .orElseThrow(() -> new IllegalStateException("org " + org.orgId()
                        + " is gone or was unpinned while its first token was verified; the next attempt tries again"));
        if (outcome.pinned()) {
            log.info("org={} pinned to organization {} by client {} in {}", org.orgId(), candidate.describe(),
                    org.clientId(), regionId);
        }
        OrgPin stored = outcome.pin();
        return new ExpectedOrganization(stored.organizationId(), stored.organizationName(), true);
    }
}
