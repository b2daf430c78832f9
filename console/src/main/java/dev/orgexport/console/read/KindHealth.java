package dev.orgexport.console.read;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The health of one org's export kind.
 *
 * @param lastComplete  end of the newest SUCCEEDED window, or null when none
 * @param oldestMissing start of the oldest window created and not SUCCEEDED (nor cancelled), or null
 * @param runsByState   run counts per state (states without runs absent)
 * @param failureKind   the failure kind of the newest waiting or failed run that has one, or null
 */
public record KindHealth(String orgId, String kind, Duration every, Duration lag, Instant lastComplete,
                         Instant oldestMissing, Map<String, Long> runsByState, String failureKind) {

    public KindHealth {
        runsByState = Map.copyOf(runsByState);
    }

    /**
     * How far behind schedule: the time since the oldest missing window should have been exported
     * (its end plus the lag), zero when nothing is missing or it is not due yet.
     */
    public Duration behind(Instant now) {
        if (oldestMissing == null) {
            return Duration.ZERO;
        }
        Duration late = Duration.between(oldestMissing.plus(every).plus(lag), now);
        return late.isNegative() ? Duration.ZERO : late;
    }

    public long runs(String state) {
        return runsByState.getOrDefault(state, 0L);
    }
}
