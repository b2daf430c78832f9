package dev.orgexport.console.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orgexport.schema.db.Sql;
import dev.orgexport.schema.json.Json;
import dev.orgexport.schema.report.FreshnessView;
import dev.orgexport.schema.run.RunFailure;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What the console's overview and org pages read: orgs, each export kind's health, windows,
 * files. Read-only, a handful of queries per page whatever the number of runs (grouped in
 * PostgreSQL). Thread-safe.
 */
public final class ConsoleReads {

    /** One window of an org: a run. */
    public record Window(UUID runId, String kind, Instant start, Instant end, String state, int attempt,
                         Instant nextAttemptAt, String failureKind, String failureMessage, Long records, Long bytes,
                         String sha256, String location) {
    }

    private record Quarantine(String reason, Instant until) {
    }

    private record Failure(String kind, Instant at) {
    }

    private final Rows rows;
    private final FreshnessView freshness;

    public ConsoleReads(DataSource dataSource) {
        this.rows = new Rows(dataSource);
        this.freshness = new FreshnessView(dataSource);
    }

    /** Every org with its health at {@code now}, failing orgs first (quarantined, then failing), then by id. */
    public List<OrgHealth> overview(Instant now) {
        Map<String, List<KindHealth>> kinds = new HashMap<>();
        for (KindHealth kind : kindHealth(null, now)) {
            kinds.computeIfAbsent(kind.orgId(), id -> new ArrayList<>()).add(kind);
        }
        Map<String, Quarantine> quarantines = quarantines(null, now);
        Map<String, Failure> failures = latestFailures(null);
        List<OrgHealth> result = new ArrayList<>();
        for (OrgSummary org : orgs(null)) {
            result.add(health(org, kinds.getOrDefault(org.id(), List.of()), quarantines.get(org.id()), failures.get(org.id())));
        }
        result.sort(Comparator.comparing((OrgHealth h) -> h.quarantineUntil() == null)
                .thenComparing(h -> !h.failing()).thenComparing(h -> h.org().id()));
        return result;
    }

    /** One org's health, or empty when the registry has no such org. */
    public Optional<OrgHealth> org(String orgId, Instant now) {
        List<OrgSummary> found = orgs(orgId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(health(found.get(0), kindHealth(orgId, now), quarantines(orgId, now).get(orgId),
                latestFailures(orgId).get(orgId)));
    }

    /** The org's newest windows (all kinds), newest first, at most {@code limit}. */
    public List<Window> windows(String orgId, String stateOrNull, int limit) {
        return rows.query("the windows of org " + orgId, "SELECT run_id, kind, window_start, window_end, state, attempt, "
                + "next_attempt_at, last_failure_kind, last_failure_message, record_count, byte_count, sha256, "
                + "result_location FROM export_run WHERE org_id = ? AND (?::text IS NULL OR state = ?) "
                + "ORDER BY window_start DESC, kind LIMIT ?", r -> new Window(r.getObject("run_id", UUID.class),
                r.getString("kind"), Sql.getInstant(r, "window_start"), Sql.getInstant(r, "window_end"),
                r.getString("state"), r.getInt("attempt"), Sql.getInstant(r, "next_attempt_at"),
                r.getString("last_failure_kind"), r.getString("last_failure_message"), (Long) r.getObject("record_count"),
                (Long) r.getObject("byte_count"), r.getString("sha256"), r.getString("result_location")),
                Arrays.asList(orgId, stateOrNull, stateOrNull, limit));
    }

    /** Org ids, for the audit trail's filter. */
    public List<String> orgIds() {
        return orgs(null).stream().map(OrgSummary::id).toList();
    }

    /**
     * What is wrong with the org: while it is quarantined, the audited failure that caused it (its
     * runs only say ORG_QUARANTINED); else the newest failing run's own kind.
     */
    private OrgHealth health(OrgSummary org, List<KindHealth> kinds, Quarantine quarantine, Failure failure) {
        String auditFailure = failure == null ? null : failure.kind();
        boolean waitingOnQuarantine = kinds.stream().anyMatch(k -> RunFailure.ORG_QUARANTINED.equals(k.failureKind()));
        String runFailure = kinds.stream().map(KindHealth::failureKind)
                .filter(k -> k != null && !RunFailure.ORG_QUARANTINED.equals(k)).findFirst().orElse(null);
        String failureKind;
        if (quarantine != null && auditFailure != null) {
            failureKind = auditFailure;
        } else if (runFailure != null) {
            failureKind = runFailure;
        } else {
            failureKind = waitingOnQuarantine ? (auditFailure != null ? auditFailure : RunFailure.ORG_QUARANTINED) : null;
        }
        return new OrgHealth(org, kinds, quarantine == null ? null : quarantine.reason(),
                quarantine == null ? null : quarantine.until(), failureKind, failure == null ? null : failure.at());
    }

    /**
     * The org rows; the whole row also comes as JSON, so the organization columns that later
     * schema versions add are read when present without this query naming them.
     */
    private List<OrgSummary> orgs(String orgIdOrNull) {
        return rows.query("the orgs", "SELECT id, name, region, enabled, paused, to_jsonb(o)::text AS row FROM org o "
                + "WHERE (?::text IS NULL OR id = ?) ORDER BY id", r -> {
                    JsonNode row = json(r.getString("row"));
                    String pinnedAt = text(row, "pinned_at");
                    return new OrgSummary(r.getString("id"), r.getString("name"), r.getString("region"),
                            r.getBoolean("enabled"), r.getBoolean("paused"), text(row, "organization_id"),
                            text(row, "pinned_organization_id"), text(row, "pinned_organization_name"), text(row, "pinned_region"),
                            pinnedAt == null ? null : OffsetDateTime.parse(pinnedAt).toInstant());
                }, Arrays.asList(orgIdOrNull, orgIdOrNull));
    }

    private static JsonNode json(String text) throws SQLException {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("PostgreSQL's to_jsonb gave unreadable JSON", e);
        }
    }

    private static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Per org and kind: freshness from {@link FreshnessView}, runs by state and the failing runs' kind from export_run. */
    private List<KindHealth> kindHealth(String orgIdOrNull, Instant now) {
        String sql = "SELECT org_id, kind, "
                + "count(*) FILTER (WHERE state = 'QUEUED') AS queued, "
                + "count(*) FILTER (WHERE state = 'RUNNING') AS running, "
                + "count(*) FILTER (WHERE state = 'SUCCEEDED') AS succeeded, "
                + "count(*) FILTER (WHERE state = 'RETRY_WAIT') AS retry_wait, "
                + "count(*) FILTER (WHERE state = 'FAILED') AS failed, "
                + "count(*) FILTER (WHERE state = 'CANCELLED') AS cancelled, "
                + "(array_agg(last_failure_kind ORDER BY updated_at DESC) FILTER (WHERE state IN ('RETRY_WAIT', "
                + "'FAILED') AND last_failure_kind IS NOT NULL))[1] AS failure_kind "
                + "FROM export_run WHERE (?::text IS NULL OR org_id = ?) GROUP BY org_id, kind";
        Map<String, RunStates> states = new HashMap<>();
        rows.query("the runs by state", sql, r -> states.put(r.getString("org_id") + "/" + r.getString("kind"),
                runStates(r)), Arrays.asList(orgIdOrNull, orgIdOrNull));
        List<KindHealth> result = new ArrayList<>();
        for (FreshnessView.Freshness f : freshness.perOrgAndKind(now)) {
            if (orgIdOrNull != null && !orgIdOrNull.equals(f.orgId())) {
                continue;
            }
            RunStates runs = states.getOrDefault(f.orgId() + "/" + f.kind(), new RunStates(Map.of(), null));
            result.add(new KindHealth(f.orgId(), f.kind(), f.newestExportedEnd(), f.missingWindows(),
                    f.oldestMissingStart(), f.oldestMissingAge(), runs.byState(), runs.failureKind()));
        }
        return result;
    }

    private record RunStates(Map<String, Long> byState, String failureKind) {
    }

    private static RunStates runStates(ResultSet r) throws SQLException {
        Map<String, Long> states = new LinkedHashMap<>();
        for (String state : List.of("QUEUED", "RUNNING", "SUCCEEDED", "RETRY_WAIT", "FAILED", "CANCELLED")) {
            long count = r.getLong(state.toLowerCase(Locale.ROOT));
            if (count > 0) {
                states.put(state, count);
            }
        }
        return new RunStates(states, r.getString("failure_kind"));
    }

    /** org id -> {reason, until} of quarantines live at {@code now}. */
    private Map<String, Quarantine> quarantines(String orgIdOrNull, Instant now) {
        Map<String, Quarantine> result = new HashMap<>();
        rows.query("the quarantines", "SELECT org_id, reason, until FROM org_quarantine WHERE until > ? "
                + "AND (?::text IS NULL OR org_id = ?)", r -> result.put(r.getString("org_id"),
                new Quarantine(r.getString("reason"), Sql.getInstant(r, "until"))),
                Arrays.asList(now, orgIdOrNull, orgIdOrNull));
        return result;
    }

    /** org id -> {failure kind, event date} of the newest audited failure. */
    private Map<String, Failure> latestFailures(String orgIdOrNull) {
        Map<String, Failure> result = new HashMap<>();
        rows.query("the latest failures", "SELECT DISTINCT ON (org_id) org_id, failure_kind, event_date FROM audit_event "
                + "WHERE failure_kind IS NOT NULL AND org_id IS NOT NULL AND (?::text IS NULL OR org_id = ?) "
                + "ORDER BY org_id, event_date DESC", r -> result.put(r.getString("org_id"),
                new Failure(r.getString("failure_kind"), Sql.getInstant(r, "event_date"))),
                Arrays.asList(orgIdOrNull, orgIdOrNull));
        return result;
    }
}
