package dev.orgexport.console.page;

import dev.orgexport.console.action.ActionKind;
import dev.orgexport.console.action.ConsoleActions.BackfillOutcome;
import dev.orgexport.console.auth.OperatorAuth.Caller;
import dev.orgexport.console.html.Html;
import dev.orgexport.orchestrator.control.ControlResult;
import dev.orgexport.platform.diagnose.Diagnosis;
import dev.orgexport.schema.task.ExportKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * An action's confirmation page (what it will do, a form whose submit button does it, a way
 * back) and its result page. The confirmation is a page of its own so that keyboard and
 * screen-reader users confirm the same way, and nothing depends on JavaScript.
 */
public final class ActionPage {

    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    private ActionPage() {
    }

    public static String confirm(ActionKind action, String orgId, Instant now, Caller caller) {
        String orgPage = Layout.ROOT + "/orgs/" + orgId;
        return Layout.page(action.label() + " org " + orgId + "?", caller, html -> {
            html.element("p", action.explanation());
            html.element("p", "The action is recorded in the audit trail as done by " + caller.operator().auditName() + ".",
                    "class", "hint");
            html.open("form", "method", "post", "action", orgPage + "/" + action.path(), "class", "stack");
            html.hidden("csrf", caller.csrfToken() == null ? "" : caller.csrfToken());
            if (action == ActionKind.DIAGNOSE) {
                html.open("div").open("label", "for", "probeRegions")
                        .empty("input", "type", "checkbox", "id", "probeRegions", "name", "probeRegions", "value", "true",
                                "checked", "")
                        .text(" Probe the other regions when the configured one rejects the credentials").close("label").close("div");
            }
            if (action == ActionKind.BACKFILL) {
                Instant to = now.truncatedTo(ChronoUnit.HOURS);
                html.open("div").select("kind", "Export kind", Arrays.stream(ExportKind.values()).map(ExportKind::wireName).toList(),
                        ExportKind.values()[0].wireName()).close("div");
                html.open("div").input("from", "From (UTC, a window start)", "datetime-local",
                        INPUT.format(to.minus(3, ChronoUnit.HOURS)), "required", "").close("div");
                html.open("div").input("to", "To (UTC, a window start, exclusive)", "datetime-local", INPUT.format(to),
                        "required", "").close("div");
            }
            html.open("div", "class", "actions").element("button", action.label() + " " + orgId, "type", "submit")
                    .link(orgPage, "Cancel", "class", "button secondary").close("div");
            html.close("form");
        });
    }

    public static String controlled(ControlResult result, Caller caller) {
        return Layout.page(result.action() + " org " + result.orgId(), caller, html -> {
            html.element("p", result.message(), "class", "notice good", "role", "status");
            html.element("p", result.changed() ? "Recorded in the audit trail." : "Nothing changed; recorded in the audit trail.",
                    "class", "hint");
            back(html, result.orgId());
        });
    }

    public static String backfilled(String orgId, BackfillOutcome outcome, Caller caller) {
        return Layout.page("Backfill org " + orgId, caller, html -> {
            if (outcome.done()) {
                html.element("p", outcome.result().render(), "class", "notice good", "role", "status");
            } else {
                html.element("p", "Refused: " + outcome.refusal(), "class", "notice bad", "role", "alert");
                html.open("p").link(Layout.ROOT + "/orgs/" + orgId + "/backfill", "Try another range").close("p");
            }
            html.element("p", "Recorded in the audit trail.", "class", "hint");
            back(html, orgId);
        });
    }

    public static String diagnosed(Diagnosis diagnosis, boolean probed, Caller caller) {
        return Layout.page("Diagnosis of org " + diagnosis.orgId(), caller, html -> {
            html.open("p", "class", "notice " + (diagnosis.healthy() ? "good" : "bad"), "role", "status", "id", "diagnosis");
            Layout.badge(html, diagnosis.healthy() ? "OK" : "FAILING");
            html.text(" ").element("strong", diagnosis.verdict().name()).text(": " + diagnosis.cause()).close("p");
            html.open("dl", "class", "facts");
            html.element("dt", "Client authenticates in").element("dd", diagnosis.clientRegionId() == null ? "unknown"
                    : diagnosis.clientRegionId(), "id", "client-region");
            html.element("dt", "Regions probed").element("dd", probed ? "yes, when the configured one rejected the credentials" : "no");
            html.close("dl");
            html.element("h2", "Evidence");
            html.open("ul", "class", "evidence");
            diagnosis.evidence().forEach(line -> html.element("li", line));
            html.close("ul");
            back(html, diagnosis.orgId());
        });
    }

    private static void back(Html html, String orgId) {
        html.open("p").link(Layout.ROOT + "/orgs/" + orgId, "Back to org " + orgId).close("p");
    }
}
