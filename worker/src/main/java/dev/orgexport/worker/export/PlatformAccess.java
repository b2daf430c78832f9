package dev.orgexport.worker.export;

import dev.orgexport.platform.api.JobStatus;
import dev.orgexport.platform.api.ResultsPage;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The platform as the export engine needs it: per org, the export job calls, each asynchronous
 * and completing exceptionally with a {@link dev.orgexport.platform.failure.PlatformException}
 * (a {@link dev.orgexport.platform.failure.CircuitOpenException} when the org's breaker is open);
 * tokens, retries, rate limits and the breaker live behind it. Implementations are thread-safe.
 */
public interface PlatformAccess {

    /** The export calls of one org, as currently configured (region, client, secret reference). */
    OrgExports forOrg(OrgRecord org);

    /** When the org's open breaker lets a probe through; empty when it is not open. */
    Optional<Instant> reopenAt(String orgId);

    /** The export job calls of one org. */
    interface OrgExports {

        /** Data before the returned instant is complete: export only windows that end before it. */
        CompletableFuture<Instant> availability(ExportKind kind);

        /** Submits a job for the window; completes with its id. */
        CompletableFuture<String> submit(ExportKind kind, TimeWindow window);

        CompletableFuture<JobStatus> status(ExportKind kind, String jobId);

        /** @param cursor null for the first page */
        CompletableFuture<ResultsPage> resultsPage(ExportKind kind, String jobId, String cursor, int pageSize);
    }
}
