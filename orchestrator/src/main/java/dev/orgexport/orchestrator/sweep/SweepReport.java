package dev.orgexport.orchestrator.sweep;

import java.util.List;

/**
 * What one sweeper round did.
 *
 * @param retriesRequeued       RETRY_WAIT runs whose time had come, back to QUEUED with a new task
 * @param expiredLeasesRequeued RUNNING runs whose lease had expired, back to QUEUED with a new task
 * @param strandedRepublished   QUEUED runs no worker claimed for the stranding time, their task published again
 * @param quarantinesCleared    orgs whose expired quarantine was removed
 * @param outboxRowsDeleted     published outbox rows older than the retention, deleted
 */
public record SweepReport(int retriesRequeued, int expiredLeasesRequeued, int strandedRepublished,
                          List<String> quarantinesCleared,
                          int outboxRowsDeleted) {

    public SweepReport {
        quarantinesCleared = List.copyOf(quarantinesCleared);
    }

    public int requeued() {
        return retriesRequeued + expiredLeasesRequeued + strandedRepublished;
    }
}
