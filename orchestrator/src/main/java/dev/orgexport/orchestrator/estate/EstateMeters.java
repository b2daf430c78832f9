package dev.orgexport.orchestrator.estate;

import dev.orgexport.orchestrator.OrchestratorException;
import dev.orgexport.orchestrator.loop.RepeatingStep;
import dev.orgexport.schema.db.Sql;
import dev.orgexport.schema.report.FreshnessView;
import dev.orgexport.schema.report.FreshnessView.Freshness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Gauges of the whole estate, read from PostgreSQL (the cluster's truth, so every orchestrator
 * shows the same values and nothing is counted twice across workers), refreshed every
 * {@link #INTERVAL} on the orchestrator's {@code <instance-id>-estate} thread:
 * <ul>
 *   <li>{@code orgexport.windows.missing{org,kind}}: due windows not exported (see {@link FreshnessView})</li>
 *   <li>{@code orgexport.windows.oldest.missing.age{org,kind}} (seconds): how late the oldest of them is</li>
 *   <li>{@code orgexport.org.quarantine.age{org}} (seconds): how long a live quarantine has lasted;
 *       only quarantined orgs have a series</li>
 *   <li>{@code orgexport.org.auth.failures.recent{org,kind}}: audited authentication and permission
 *       failures of the last {@link #RECENT}</li>
 * </ul>
 * Series of orgs that no longer qualify disappear at the next refresh. Thread-safe.
 */
public final class EstateMeters {

    /** How often the gauges are read again. */
    public static final Duration INTERVAL = Duration.ofSeconds(15);
    /** The span of {@code orgexport.org.auth.failures.recent}. */
    public static final Duration RECENT = Duration.ofMinutes(15);

    private final DataSource dataSource;
    private final Clock clock;
    private final FreshnessView freshness;
    private final MultiGauge missing;
    private final MultiGauge oldestMissingAge;
    private final MultiGauge quarantineAge;
    private final MultiGauge recentAuthFailures;

    public EstateMeters(DataSource dataSource, Clock clock, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.freshness = new FreshnessView(dataSource);
        this.missing = MultiGauge.builder("orgexport.windows.missing")
                .description("Due windows not exported yet, per org and kind").register(meters);
        this.oldestMissingAge = MultiGauge.builder("orgexport.windows.oldest.missing.age").baseUnit("seconds")
                .description("Time since the oldest missing window ended, per org and kind").register(meters);
        this.quarantineAge = MultiGauge.builder("orgexport.org.quarantine.age").baseUnit("seconds")
                .description("How long the org's live quarantine has lasted").register(meters);
        this.recentAuthFailures = MultiGauge.builder("orgexport.org.auth.failures.recent")
                .description("Audited auth and permission failures of the last " + RECENT.toMinutes() + " minutes")
                .register(meters);
    }

    /** One refresh; as a {@link RepeatingStep.Step}, the next one after {@link #INTERVAL}. */
    public RepeatingStep.Next refresh() {
        Instant now = clock.instant();
        List<MultiGauge.Row<?>> missingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
        for (Freshness f : freshness.perOrgAndKind(now)) {
            Tags tags = Tags.of("org", f.orgId(), "kind", f.kind());
            missingRows.add(MultiGauge.Row.of(tags, f.missingWindows()));
            ageRows.add(MultiGauge.Row.of(tags, f.oldestMissingAgeSeconds()));
        }
        missing.register(missingRows, true);
        oldestMissingAge.register(ageRows, true);
        quarantineAge.register(query("SELECT org_id, since FROM org_quarantine WHERE until > ?", now, rows ->
                MultiGauge.Row.of(Tags.of("org", rows.getString("org_id")),
                        Math.max(0, Duration.between(Sql.getInstant(rows, "since"), now).toSeconds()))), true);
        recentAuthFailures.register(query("SELECT org_id, failure_kind, count(*) AS failures FROM audit_event "
                + "WHERE event_date >= ? AND failure_kind IS NOT NULL AND org_id IS NOT NULL GROUP BY org_id, failure_kind",
                now.minus(RECENT), rows -> MultiGauge.Row.of(Tags.of("org", rows.getString("org_id"),
                        "kind", rows.getString("failure_kind")), rows.getLong("failures"))), true);
        return RepeatingStep.Next.after(INTERVAL);
    }

    private interface RowMapper {
        MultiGauge.Row<?> map(ResultSet rows) throws SQLException;
    }

    private List<MultiGauge.Row<?>> query(String sql, Instant parameter, RowMapper mapper) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.setInstant(statement, 1, parameter);
            List<MultiGauge.Row<?>> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new OrchestratorException("cannot read the estate gauges: " + e.getMessage(), e);
        }
    }
}
