package dev.orgexport.worker.export;

import dev.orgexport.platform.api.JobStatus;
import dev.orgexport.platform.api.ResultsPage;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PlatformAccess} over the platform module's {@link PlatformGateway}: the org's row
 * becomes its {@link OrgCredentials} (the secret stays a reference until a token is requested).
 * Thread-safe.
 */
public final class GatewayPlatformAccess implements PlatformAccess {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayPlatformAccess.class);

    private final PlatformGateway gateway;
    private final Set<String> warnedSeveralServices = ConcurrentHashMap.newKeySet();

    public GatewayPlatformAccess(PlatformGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public OrgExports forOrg(OrgRecord org) {
        OrgCredentials credentials = OrgCredentials.of(org);
        // The org's own budget (orgs.yaml apiBudgetPerMinute) replaces platform.rate-limit.budget for
        // its limiter and its dispatch bound from this run on; none: the global settings again.
        gateway.orgBudgets().set(org.id(), org.overrides().apiBudgetPerMinute());
        boolean ownServices = org.overrides().serviceNames() != null;
        String serviceName = ownServices ? auditServiceName(org) : null;
        return new OrgExports() {
            @Override
            public CompletableFuture<Instant> availability(ExportKind kind) {
                return gateway.availability(credentials, kind);
            }

            @Override
            public CompletableFuture<String> submit(ExportKind kind, TimeWindow window) {
                return ownServices ? gateway.submit(credentials, kind, window, serviceName)
                        : gateway.submit(credentials, kind, window);
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

    /**
     * The audit service of an org with its own {@code serviceNames} (orgs.yaml): the one it names,
     * or null (every service) when it names several: the platform's audit query takes one
     * {@code serviceName}, so that is said once per org rather than exporting only one of them.
     */
    private String auditServiceName(OrgRecord org) {
        List<String> names = org.overrides().serviceNames();
        if (names.size() == 1) {
            return names.get(0);
        }
        if (warnedSeveralServices.add(org.id())) {
            LOG.warn("org {}: serviceNames lists {} services, but an audit query takes one serviceName; its audit-events "
                    + "exports ask for every service (platform.audit.service-name does not apply to it)", org.id(),
                    names.size());
        }
        return null;
    }

    @Override
    public Optional<Instant> reopenAt(String orgId) {
        return gateway.breaker(orgId).reopenTime();
    }
}
