package dev.orgexport.worker.export;

import dev.orgexport.platform.api.JobStatus;
import dev.orgexport.platform.api.ResultsPage;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link PlatformAccess} over the platform module's {@link PlatformGateway}: the org's row
 * becomes its {@link OrgCredentials} (the secret stays a reference until a token is requested).
 * Thread-safe.
 */
public final class GatewayPlatformAccess implements PlatformAccess {

    private final PlatformGateway gateway;

    public GatewayPlatformAccess(PlatformGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public OrgExports forOrg(OrgRecord org) {
        OrgCredentials credentials = OrgCredentials.of(org);
        // The org's own budget (orgs.yaml apiBudgetPerMinute) replaces platform.rate-limit.budget for
        // its limiter and its dispatch bound from this run on; none: the global settings again.
        gateway.orgBudgets().set(org.id(), org.overrides().apiBudgetPerMinute());
        return new OrgExports() {
            @Override
            public CompletableFuture<Instant> availability(ExportKind kind) {
                return gateway.availability(credentials, kind);
            }

            @Override
            public CompletableFuture<String> submit(ExportKind kind, TimeWindow window) {
                return gateway.submit(credentials, kind, window);
            }

            @Override
            public CompletableFuture<JobStatus> status(ExportKind kind, String jobId) {
                return gateway.status(credentials, kind, jobId);
            }

            @Override
            public CompletableFuture<ResultsPage> resultsPage(ExportKind kind, String jobId, String cursor, int pageSize) {
                return gateway.resultsPage(credentials, kind, jobId, cursor, pageSize);
            }
        };
    }

    @Override
    public Optional<Instant> reopenAt(String orgId) {
        return gateway.breaker(orgId).reopenTime();
    }
}
