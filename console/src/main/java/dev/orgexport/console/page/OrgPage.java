package dev.orgexport.console.page;

import dev.orgexport.console.auth.OperatorAuth.Caller;
import dev.orgexport.console.html.Html;
import dev.orgexport.console.read.ConsoleReads.Window;
import dev.orgexport.console.read.OrgHealth;
import dev.orgexport.schema.audit.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One org: what it is pinned to (region, platform organization), its health, the actions, each
 * export kind's windows as a timeline, the files written (record count, SHA-256) and its newest
 * audit rows.
 */
public final class OrgPage {

    /** The org's page reads this many newest windows (every kind). */
    public static final int WINDOWS = 300;
    /** ...and this many newest audit rows. */
    public static final int AUDIT_ROWS = 25;

    private OrgPage() {
    }

    public static String render(OrgHealth org, List<Window> windows, List<AuditEvent> audit, Instant now, Caller caller) {
        String id = org.org().id();
        return Layout.page("Org " + id, caller, html -> {
            html.open("dl", "class", "facts");
            fact(html, "Name", org.org().name());
            fact(html, "Region", org.org().region());
            fact(html, "Organization (registry)", org.org().organizationId() == null ? "not given"
                    : org.org().organizationId());
            fact(html, "Pinned organization", org.org().pinnedOrganizationId() == null ? "not pinned yet"
                    : org.org().pinnedOrganizationId() + (org.org().pinnedOrganizationName() == null ? ""
                    : " (" + org.org().pinnedOrganizationName() + ")")
                    + (org.org().pinnedRegion() == null ? "" : " in " + org.org().pinnedRegion())
                    + ", since " + Format.minute(org.org().pinnedAt()));
            html.element("dt", "Status").open("dd");
            Layout.badge(html, OverviewPage.status(org));
            if (org.org().paused() && org.failing()) {
                html.text(" ");
                Layout.badge(html, "PAUSED");
            }
            html.close("dd");
            if (org.failureKind() != null) {
                html.element("dt", "Failure kind").open("dd").element("code", org.failureKind()).close("dd");
                fact(html, "What to do", org.hint() == null ? "see the audit trail" : org.hint());
            }
            if (org.quarantineUntil() != null) {
                fact(html, "Quarantined until", Format.minute(org.quarantineUntil()));
                fact(html, "Quarantine reason", org.quarantineReason());
            }
            html.close("dl");
            actions(html, id, org, caller);
            html.element("h2", "Health per export kind");
            OverviewPage.kindTable(html, org, now);
            timelines(html, windows);
            files(html, windows);
            auditRows(html, id, audit);
        });
    }

    private static void actions(Html html, String id, OrgHealth org, Caller caller) {
        html.element("h2", "Actions");
        if (caller == null) {
            html.open("p").link(Layout.ROOT + "/login?next=" + java.net.URLEncoder.encode(Layout.ROOT + "/orgs/" + id,
                    java.nio.charset.StandardCharsets.UTF_8), "Sign in").text(" to diagnose, pause, resume, release or backfill this org.").close("p");
            return;
        }
        html.open("div", "class", "actions");
        String base = Layout.ROOT + "/orgs/" + id + "/";
        html.link(base + "diagnose", "Diagnose", "class", "button");
        html.link(base + (org.org().paused() ? "resume" : "pause"), org.org().paused() ? "Resume" : "Pause",
                "class", "button secondary");
        html.link(base + "release", "Release", "class", "button secondary");
        html.link(base + "backfill", "Backfill", "class", "button secondary");
        html.close("div");
    }

    private static void timelines(Html html, List<Window> windows) {
        html.element("h2", "Windows");
        html.element("p", "Each export kind's newest windows, oldest on the left. Succeeded: exported and verified; "
                + "waiting: queued, running or waiting to retry; failed: given up or cancelled.", "class", "hint");
        html.open("ul", "class", "legend", "aria-label", "Legend");
        for (String[] state : new String[][] {{"SUCCEEDED", "succeeded"}, {"QUEUED", "queued"}, {"RUNNING", "running"},
                {"RETRY_WAIT", "waiting to retry"}, {"FAILED", "failed"}, {"CANCELLED", "cancelled"}}) {
            html.open("li");
            Layout.badge(html, state[0]);
            html.text(" " + state[1]).close("li");
        }
        html.close("ul");
        Map<String, List<Window>> byKind = new LinkedHashMap<>();
        windows.stream().sorted(Comparator.comparing(Window::kind).thenComparing(Window::start))
                .forEach(w -> byKind.computeIfAbsent(w.kind(), k -> new ArrayList<>()).add(w));
        if (byKind.isEmpty()) {
            html.element("p", "No window has been created for this org yet.");
        }
        byKind.forEach((kind, list) -> {
            html.element("h3", kind, "id", "windows-" + kind);
            html.open("ol", "class", "timeline", "aria-labelledby", "windows-" + kind);
            for (Window w : list) {
                String label = Format.minute(w.start()) + " to " + Format.time(w.end()) + ": " + w.state()
                        + (w.failureKind() == null ? "" : " (" + w.failureKind() + ")");
                html.open("li", "class", "badge b-" + w.state().toLowerCase(Locale.ROOT).replace('_', '-'),
                        "title", label, "data-state", w.state());
                html.element("span", Format.time(w.start())).element("span", symbol(w.state()), "class", "st", "aria-hidden", "true")
                        .element("span", label, "class", "sr");
                html.close("li");
            }
            html.close("ol");
        });
    }

    private static String symbol(String state) {
        return switch (state) {
            case "SUCCEEDED" -> "✓";
            case "FAILED" -> "✗";
            case "CANCELLED" -> "–";
            default -> "…";
        };
    }

    private static void files(Html html, List<Window> windows) {
        html.element("h2", "Files");
        List<Window> done = windows.stream().filter(w -> "SUCCEEDED".equals(w.state())).toList();
        if (done.isEmpty()) {
            html.element("p", "No file has been written for this org yet.");
            return;
        }
        html.open("table", "class", "files").open("thead").open("tr");
        for (String column : List.of("Window (UTC)", "Export kind", "Records", "Bytes", "SHA-256 of the NDJSON", "File")) {
            html.element("th", column, "scope", "col", "class", column.equals("Records") || column.equals("Bytes") ? "num" : null);
        }
        html.close("tr").close("thead").open("tbody");
        for (Window w : done) {
            html.open("tr").element("td", Format.minute(w.start()) + " to " + Format.time(w.end()))
                    .element("td", w.kind()).element("td", Format.count(w.records()), "class", "num")
                    .element("td", Format.count(w.bytes()), "class", "num")
                    .open("td").element("code", w.sha256(), "class", "sha").close("td")
                    .open("td").element("code", w.location(), "class", "sha").close("td").close("tr");
        }
        html.close("tbody").close("table");
    }

    private static void auditRows(Html html, String id, List<AuditEvent> audit) {
        html.element("h2", "Audit trail of " + id);
        html.open("p").link(Layout.ROOT + "/audit?org=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8),
                "All of this org's audit rows, with filters and downloads").close("p");
        AuditPage.table(html, audit, false);
    }

    private static void fact(Html html, String term, String value) {
        html.element("dt", term).element("dd", value);
    }
}
