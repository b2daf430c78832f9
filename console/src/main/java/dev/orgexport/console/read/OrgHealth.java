package dev.orgexport.console.read;

import dev.orgexport.platform.failure.FailureKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One org on the overview: its export kinds' health, its live quarantine and its latest failure.
 *
 * @param quarantineReason why the org is quarantined, or null when it is not (at the read's now)
 * @param quarantineUntil  when the quarantine ends, or null
 * @param failureKind      what is wrong now: the newest failing run's kind, else the live
 *                         quarantine's latest audited failure; null when the org is healthy
 * @param lastFailureAt    the newest audited failure of the org, or null
 */
public record OrgHealth(OrgSummary org, List<KindHealth> kinds, String quarantineReason, Instant quarantineUntil,
                        String failureKind, Instant lastFailureAt) {

    public OrgHealth {
        kinds = List.copyOf(kinds);
    }

    public boolean failing() {
        return failureKind != null || quarantineUntil != null;
    }

    /** FailureKind's operator hint, or null for a kind this version does not know. */
    public String hint() {
        return hintOf(failureKind);
    }

    public static String hintOf(String failureKind) {
        if (failureKind == null) {
            return null;
        }
        return Arrays.stream(FailureKind.values()).filter(k -> k.name().equals(failureKind))
                .map(FailureKind::operatorHint).findFirst().orElse(null);
    }
}
