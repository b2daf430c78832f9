package dev.orgexport.orchestrator.registry;

import dev.orgexport.schema.org.OrgPin;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.OrgRegistryStore;
import dev.orgexport.schema.schedule.ExportSchedule;
import dev.orgexport.schema.schedule.PostgresScheduleStore;
import dev.orgexport.schema.task.ExportKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Brings the org and schedule tables to what a valid registry file declares, inside the caller's
 * transaction, and says what it changed. A dry run is the same call in a transaction that is
 * rolled back, so the diff it prints is exactly what a real apply would do.
 *
 * <p>A new schedule starts with the window in progress, aligned on multiples of {@code every}
 * since the epoch (UTC); earlier data is exported by a backfill. A changed schedule keeps its next
 * window start, so windows stay contiguous; a removed export, or an org missing from the file, is
 * disabled, never deleted.
 */
final class RegistryWriter {

    private final OrgRegistryStore orgs = new OrgRegistryStore();
    private final PostgresScheduleStore schedules;

    RegistryWriter(PostgresScheduleStore schedules) {
        this.schedules = schedules;
    }

    RegistryDiff apply(Connection connection, List<OrgDefinition> definitions, Instant now) throws SQLException {
        orgs.lockRegistry(connection);
        Map<String, OrgRecord> current = new HashMap<>();
        orgs.findAll(connection).forEach(org -> current.put(org.id(), org));
        Map<String, Map<ExportKind, ExportSchedule>> currentSchedules = new HashMap<>();
        for (ExportSchedule schedule : schedules.findAll(connection)) {
            currentSchedules.computeIfAbsent(schedule.orgId(), id -> new EnumMap<>(ExportKind.class))
                    .put(schedule.kind(), schedule);
        }
        List<RegistryDiff.Change> added = new ArrayList<>();
        List<RegistryDiff.Change> changed = new ArrayList<>();
        List<RegistryDiff.Change> disabled = new ArrayList<>();
        List<RegistryDiff.Change> identity = new ArrayList<>();
        int unchanged = 0;
        Set<String> inFile = new HashSet<>();
        List<OrgRecord> newOrgs = new ArrayList<>();
        List<ExportSchedule> newSchedules = new ArrayList<>();
        for (OrgDefinition definition : definitions) {
            inFile.add(definition.id());
            OrgRecord before = current.get(definition.id());
            Map<ExportKind, ExportSchedule> orgSchedules = currentSchedules.getOrDefault(definition.id(), Map.of());
            if (before == null) {
                newOrgs.add(definition.toRecord(false, null));
                List<String> details = new ArrayList<>();
                details.add("\"" + definition.name() + "\", region " + definition.region() + ", client "
                        + definition.clientId() + ", secret " + definition.secretRef()
                        + (definition.enabled() ? "" : ", disabled"));
                details.add(definition.organizationId() == null
                        ? "organization: pinned by the first verified token (no organizationId given)"
                        : "organizationId " + definition.organizationId());
                details.addAll(overrideDetails(null, definition.toRecord(false, null)));
                details.addAll(writeSchedules(connection, definition, orgSchedules, newSchedules, now));
                added.add(new RegistryDiff.Change(definition.id(), details));
                continue;
            }
            OrgRecord after = definition.toRecord(before.paused(), keptPin(before, definition));
            List<String> details = orgDetails(before, after);
            List<String> review = identityDetails(before, after);
            if (!after.equals(before)) {
                orgs.update(connection, after, now);
            }
            if (!review.isEmpty()) {
                identity.add(new RegistryDiff.Change(definition.id(), review));
            }
            details.addAll(writeSchedules(connection, definition, orgSchedules, newSchedules, now));
            if (before.enabled() && !after.enabled()) {
                details.add(0, "enabled: false in the file (runs and audit history kept)");
                disabled.add(new RegistryDiff.Change(definition.id(), details));
            } else if (!before.enabled() && after.enabled()) {
                details.add(0, "enabled again");
                changed.add(new RegistryDiff.Change(definition.id(), details));
            } else if (!details.isEmpty()) {
                changed.add(new RegistryDiff.Change(definition.id(), details));
            } else if (review.isEmpty()) {
                unchanged++;
            }
        }
        for (OrgRecord org : current.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList()) {
            if (!inFile.contains(org.id()) && org.enabled()) {
                orgs.update(connection, org.withEnabled(false), now);
                disabled.add(new RegistryDiff.Change(org.id(), List.of("missing from the file (runs and audit history kept)")));
            }
        }
        // Inserts go last, in batches, orgs before the schedules that reference them.
        orgs.insertAll(connection, newOrgs, now);
        schedules.insertAll(connection, newSchedules, now);
        return new RegistryDiff(added, changed, disabled, identity, unchanged);
    }

    private List<String> writeSchedules(Connection connection, OrgDefinition definition,
                                        Map<ExportKind, ExportSchedule> current, List<ExportSchedule> inserts,
                                        Instant now) throws SQLException {
        List<String> details = new ArrayList<>();
        Set<ExportKind> declared = new HashSet<>();
        for (ExportDefinition export : definition.exports()) {
            declared.add(export.kind());
            ExportSchedule before = current.get(export.kind());
            if (before == null) {
                Instant first = alignedStart(now, export.every());
                inserts.add(new ExportSchedule(definition.id(), export.kind(), export.every(), export.lag(),
                        export.catchUp(), first, true));
                details.add("export " + export.kind() + " added: " + describe(export) + ", first window from " + first);
                continue;
            }
            ExportSchedule after = new ExportSchedule(definition.id(), export.kind(), export.every(), export.lag(),
                    export.catchUp(), before.nextWindowStart(), true);
            if (after.equals(before)) {
                continue;
            }
            schedules.updateDefinition(connection, after, now);
            List<String> parts = new ArrayList<>();
            if (!before.enabled()) {
                parts.add("enabled again, resumes at " + before.nextWindowStart() + " within its catch-up");
            }
            change(parts, "every", before.every(), after.every());
            change(parts, "lag", before.lag(), after.lag());
            change(parts, "catchUp", before.catchUp(), after.catchUp());
            details.add("export " + export.kind() + ": " + String.join(", ", parts));
        }
        for (ExportSchedule before : current.values()) {
            if (!declared.contains(before.kind()) && before.enabled()) {
                schedules.updateDefinition(connection, new ExportSchedule(before.orgId(), before.kind(), before.every(),
                        before.lag(), before.catchUp(), before.nextWindowStart(), false), now);
                details.add("export " + before.kind() + " removed (schedule disabled, its runs kept)");
            }
        }
        return details;
    }

    private static List<String> orgDetails(OrgRecord before, OrgRecord after) {
        List<String> details = new ArrayList<>();
        change(details, "name", before.name(), after.name());
        change(details, "region", before.region(), after.region());
        change(details, "secret", before.secretRef(), after.secretRef());
        details.addAll(overrideDetails(before, after));
        return details;
    }

    private static List<String> overrideDetails(OrgRecord before, OrgRecord after) {
        List<String> details = new ArrayList<>();
        Integer budgetBefore = before == null ? null : before.overrides().apiBudgetPerMinute();
        Integer budgetAfter = after.overrides().apiBudgetPerMinute();
        if (!Objects.equals(budgetBefore, budgetAfter)) {
            details.add("apiBudgetPerMinute " + (budgetBefore == null ? "default" : budgetBefore) + " -> "
                    + (budgetAfter == null ? "default" : budgetAfter));
        }
        List<String> namesBefore = before == null ? null : before.overrides().serviceNames();
        List<String> namesAfter = after.overrides().serviceNames();
        if (!Objects.equals(namesBefore, namesAfter)) {
            details.add("serviceNames " + (namesBefore == null ? "all" : namesBefore) + " -> "
                    + (namesAfter == null ? "all" : namesAfter));
        }
        return details;
    }

    /**
     * The pin that survives applying {@code definition}: a new organizationId that the pin
     * contradicts clears it (the next verified token pins again, with an audit row); a new clientId
     * keeps it, so a client pasted from another org is refused rather than trusted.
     */
    private static OrgPin keptPin(OrgRecord before, OrgDefinition definition) {
        OrgPin pin = before.pin();
        if (pin == null || definition.organizationId() == null) {
            return pin;
        }
        return OrgRecord.sameOrganization(pin.organizationId(), definition.organizationId()) ? pin : null;
    }

    /** Changes of which organization the org's tokens must belong to, or of its client: to review. */
    private static List<String> identityDetails(OrgRecord before, OrgRecord after) {
        List<String> details = new ArrayList<>();
        String pinned = before.pin() == null ? null : before.pin().describe();
        if (!Objects.equals(before.organizationId(), after.organizationId())) {
            String was = before.organizationId() == null ? "(none)" : before.organizationId();
            if (after.organizationId() == null) {
                details.add("organizationId " + was + " -> (none): tokens must now belong to "
                        + (pinned == null ? "the organization of the next verified token (it will be pinned)"
                        : "the pinned organization " + pinned));
            } else {
                details.add("organizationId " + was + " -> " + after.organizationId() + ": tokens must now belong to "
                        + after.organizationId() + (pinned != null && after.pin() == null
                        ? "; the pin to " + pinned + " is cleared" : ""));
            }
        }
        if (!before.clientId().equals(after.clientId())) {
            String expected = after.expectedOrganizationId();
            details.add("clientId " + before.clientId() + " -> " + after.clientId() + ": "
                    + (expected == null ? "the org is not pinned yet; the new client's first token pins it"
                    : "the new client's tokens must belong to organization "
                    + (after.pin() != null && after.organizationId() == null ? after.pin().describe() : expected)
                    + ", or they are refused (ORG_MISMATCH)"));
        }
        return details;
    }

    private static void change(List<String> details, String field, Object before, Object after) {
        if (!before.equals(after)) {
            details.add(field + " " + before + " -> " + after);
        }
    }

    private static String describe(ExportDefinition export) {
        return "every " + export.every() + ", lag " + export.lag() + ", catchUp " + export.catchUp();
    }

    /** The start of the window in progress at {@code now}, on multiples of {@code every} since the epoch. */
    static Instant alignedStart(Instant now, Duration every) {
        long seconds = every.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds);
    }
}
