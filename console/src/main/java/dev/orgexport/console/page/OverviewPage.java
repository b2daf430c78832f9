package dev.orgexport.console.page;

import dev.orgexport.console.auth.OperatorAuth.Caller;
import dev.orgexport.console.html.Html;
import dev.orgexport.console.read.KindHealth;
import dev.orgexport.console.read.OrgHealth;
import java.time.Instant;
import java.util.List;

/**
 * Every org, failing orgs first: what is wrong (failure kind, the operator hint, quarantine end)
 * and per export kind the last complete window, how far behind schedule and the runs by state.
 */
public final class OverviewPage {

    private static final List<String> STATES = List.of("SUCCEEDED", "QUEUED", "RUNNING", "RETRY_WAIT", "FAILED", "CANCELLED");

    private OverviewPage() {
    }

    public static String render(List<OrgHealth> orgs, Instant now, Caller caller) {
        long failing = orgs.stream().filter(OrgHealth::failing).count();
        return Layout.page("Overview", caller, html -> {
            html.element("p", orgs.size() + (orgs.size() == 1 ? " org, " : " orgs, ") + failing + " failing; as of "
                    + Format.minute(now) + ". Failing orgs come first.", "class", "lead");
            if (orgs.isEmpty()) {
                html.element("p", "No org is registered yet: apply an orgs.yaml (orgexport orgs apply FILE).");
            }
            for (OrgHealth org : orgs) {
                card(html, org, now);
            }
        });
    }

    /** The org's overall status word: QUARANTINED, FAILING, PAUSED, DISABLED or OK. */
    static String status(OrgHealth org) {
        if (org.quarantineUntil() != null) {
            return "QUARANTINED";
        }
        if (org.failing()) {
            return "FAILING";
        }
        if (!org.org().enabled()) {
            return "DISABLED";
        }
        return org.org().paused() ? "PAUSED" : "OK";
    }

    private static void card(Html html, OrgHealth org, Instant now) {
        String status = status(org);
        String id = org.org().id();
        html.open("section", "class", "card" + (org.failing() ? " failing" : org.org().active() ? "" : " paused"),
                "aria-labelledby", "org-" + id, "data-org", id, "data-status", status);
        html.open("h2", "id", "org-" + id).link(Layout.ROOT + "/orgs/" + id, id).text(" ");
        Layout.badge(html, status);
        if (org.org().paused() && org.failing()) {
            Layout.badge(html, "PAUSED");
        }
        html.close("h2");
        html.open("dl", "class", "facts");
        fact(html, "Name", org.org().name());
        fact(html, "Region", org.org().region());
        if (org.failureKind() != null) {
            html.element("dt", "Failure kind").open("dd").element("code", org.failureKind()).close("dd");
            fact(html, "What to do", org.hint() == null ? "see the audit trail" : org.hint());
        }
        if (org.quarantineUntil() != null) {
            fact(html, "Quarantined until", Format.minute(org.quarantineUntil()) + " (in "
                    + Format.duration(java.time.Duration.between(now, org.quarantineUntil())) + ")");
        }
        if (org.lastFailureAt() != null) {
            fact(html, "Last audited failure", Format.minute(org.lastFailureAt()));
        }
        html.close("dl");
        kindTable(html, org, now);
        html.close("section");
    }

    static void kindTable(Html html, OrgHealth org, Instant now) {
        if (org.kinds().isEmpty()) {
            html.element("p", "No export is scheduled for this org.", "class", "hint");
            return;
        }
        html.open("table").element("caption", "Export kinds of " + org.org().id(), "class", "sr").open("thead").open("tr");
        html.element("th", "Export kind", "scope", "col").element("th", "Last complete window", "scope", "col")
                .element("th", "Behind schedule", "scope", "col").element("th", "Runs by state", "scope", "col")
                .close("tr").close("thead").open("tbody");
        for (KindHealth kind : org.kinds()) {
            html.open("tr").element("th", kind.kind(), "scope", "row");
            html.element("td", Format.minute(kind.lastComplete()));
            html.element("td", kind.missingWindows() == 0 ? "on schedule" : Format.duration(kind.behind())
                    + " (" + kind.missingWindows() + (kind.missingWindows() == 1 ? " window" : " windows")
                    + " missing, the oldest from " + Format.minute(kind.oldestMissing()) + ")");
            html.open("td");
            boolean any = false;
            for (String state : STATES) {
                long runs = kind.runs(state);
                if (runs > 0) {
                    html.open("span", "class", "badge b-" + state.toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                            .text(state + " " + runs).close("span").text(" ");
                    any = true;
                }
            }
            if (!any) {
                html.text("no runs yet");
            }
            if (kind.failureKind() != null) {
                html.text(" ").element("code", kind.failureKind());
            }
            html.close("td").close("tr");
        }
        html.close("tbody").close("table");
    }

    private static void fact(Html html, String term, String value) {
        html.element("dt", term).element("dd", value);
    }
}
