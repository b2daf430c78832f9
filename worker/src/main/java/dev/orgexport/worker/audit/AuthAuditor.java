package dev.orgexport.worker.audit;

import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.failure.PlatformException;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.worker.metrics.WorkerMetrics;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one audit row per authentication or authorization failure a run meets: every kind
 * the platform marks {@link FailureKind#alwaysAudited() always audited}, and a 429 of the token
 * endpoint. Runs that shared one failed request (the token broker's single flight hands the same
 * failure to every waiter) produce one row, carrying the run and attempt of the first run that
 * reported it: a failure is recognized by identity, and by its correlation id when it has one.
 * Thread-safe.
 */
public final class AuthAuditor {

    private static final Logger log = LoggerFactory.getLogger(AuthAuditor.class);
    private static final int REMEMBERED_CORRELATION_IDS = 4096;

    private final PostgresAuditStore audit;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Set<PlatformException> seen = Collections.newSetFromMap(new WeakHashMap<>());
    private final Map<String, Boolean> seenCorrelationIds = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_CORRELATION_IDS;
        }
    };

    public AuthAuditor(PostgresAuditStore audit, WorkerMetrics metrics, Clock clock) {
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** True when the failure deserves an audit row. */
    public static boolean audited(PlatformException failure) {
        return failure.kind().alwaysAudited()
                || (failure.kind() == FailureKind.RATE_LIMITED && failure.details().operation().contains("/oauth/token"));
    }

    /**
     * Appends the row of {@code failure} unless it is not audited or was already recorded.
     *
     * @return true when a row was appended
     */
    public boolean record(PlatformException failure, AuditRows.RunContext run) {
        if (!audited(failure) || !firstSighting(failure)) {
            return false;
        }
        audit.append(AuditRows.authFailure(failure.details(), run, clock.instant()));
        metrics.authFailure(failure.kind().name());
        log.warn("auth failure audited org={} run={} attempt={}: {}", run.orgId(), run.runId(), run.attempt(),
                failure.details().describe());
        return true;
    }

    private synchronized boolean firstSighting(PlatformException failure) {
        if (!seen.add(failure)) {
            return false;
        }
        String correlationId = failure.details().correlationId();
        if (correlationId == null) {
            return true;
        }
        String key = failure.orgId() + "|" + failure.kind() + "|" + correlationId;
        return seenCorrelationIds.put(key, Boolean.TRUE) == null;
    }
}
