package dev.orgexport.schema.quarantine;

import java.time.Instant;
import java.util.Objects;

/**
 * The cluster-visible breaker state of one org (a row of {@code org_quarantine}): while
 * {@link #liveAt(Instant) live}, every worker skips the org and its runs wait until
 * {@link #until()}. Never holds a secret or a token.
 *
 * @param orgId  the org
 * @param reason why, for the operator: the failure kind and a short hint
 * @param since  when the quarantine started
 * @param until  when workers may try the org again (the breaker's reopen time)
 * @param setBy  who set it: a worker id, or an operator
 */
public record OrgQuarantine(String orgId, String reason, Instant since, Instant until, String setBy) {

    public OrgQuarantine {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(setBy, "setBy");
        if (!until.isAfter(since)) {
            throw new IllegalArgumentException("quarantine of org " + orgId + ": until must be after since, but was "
                    + since + "/" + until);
        }
    }

    public boolean liveAt(Instant now) {
        return until.isAfter(now);
    }
}
