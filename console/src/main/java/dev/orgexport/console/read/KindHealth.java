package dev.orgexport.console.read;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The health of one org's export kind. Freshness comes from the schema's {@code FreshnessView},
 * the one definition that {@code orgs status} and the metrics use too.
 *
 * @param lastComplete   end of the newest SUCCEEDED window, or null when none
 * @param missingWindows due windows not exported (with a run not succeeded, or due without a run)
 * @param oldestMissing  start of the oldest missing window, or null when nothing is missing
 * @param behind         how late the oldest missing window's data is (since its end), zero when none
 * @param runsByState    run counts per state (states without runs absent)
 * @param failureKind    the failure kind of the newest waiting or failed run that has one, or null
 */
public record KindHealth(String orgId, String kind, Instant lastComplete, long missingWindows, Instant oldestMissing,
                         Duration behind, Map<String, Long> runsByState, String failureKind) {

    public KindHealth {
        runsByState = Map.copyOf(runsByState);
    }

    public long runs(String state) {
        return runsByState.getOrDefault(state, 0L);
    }
}
