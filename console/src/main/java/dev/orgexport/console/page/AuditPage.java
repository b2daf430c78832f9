package dev.orgexport.console.page;

import dev.orgexport.console.auth.OperatorAuth.Caller;
import dev.orgexport.console.html.Html;
import dev.orgexport.console.read.AuditFilter;
import dev.orgexport.console.read.AuditSearch;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.schema.audit.AuditEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail as the admin console's audit view shows it: filters (org, action, failure
 * kind, status, time), newest first, a page at a time, downloads of the filtered rows as CSV or
 * JSON.
 */
public final class AuditPage {

    static final List<String> STATUSES = List.of("SUCCESS", "FAILURE", "WARNING");
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    private AuditPage() {
    }

    /** @param error a filter the page could not read, shown above the form; or null */
    public static String render(AuditFilter filter, AuditSearch.Page page, List<String> orgIds, List<String> actions,
                                String error, Caller caller) {
        return Layout.page("Audit trail", caller, html -> {
            html.element("p", "Every authentication failure, operator action and system decision, newest first. "
                    + "Times are UTC.", "class", "lead");
            if (error != null) {
                html.element("p", error, "class", "notice bad", "role", "alert");
            }
            form(html, filter, orgIds, actions);
            String query = query(filter);
            html.open("p", "class", "actions")
                    .link(Layout.ROOT + "/audit.csv" + query, "Download CSV", "class", "button secondary", "download", "")
                    .link(Layout.ROOT + "/audit.json" + query, "Download JSON", "class", "button secondary", "download", "")
                    .close("p");
            html.element("h2", "Events", "class", "sr");
            table(html, page.events(), true);
            pager(html, page, query);
        });
    }

    private static void form(Html html, AuditFilter f, List<String> orgIds, List<String> actions) {
        html.open("form", "method", "get", "action", Layout.ROOT + "/audit", "class", "filters", "aria-label", "Filters");
        html.open("div").select("org", "Org", orgIds, f.orgId()).close("div");
        html.open("div").select("action", "Action", actions, f.action()).close("div");
        html.open("div").select("failureKind", "Failure kind",
                Arrays.stream(FailureKind.values()).map(Enum::name).toList(), f.failureKind()).close("div");
        html.open("div").select("status", "Status", STATUSES, f.status()).close("div");
        html.open("div").input("from", "From (UTC)", "datetime-local", f.from() == null ? "" : INPUT.format(f.from())).close("div");
        html.open("div").input("to", "To (UTC)", "datetime-local", f.to() == null ? "" : INPUT.format(f.to())).close("div");
        html.open("div").element("button", "Apply filters", "type", "submit").close("div");
        html.open("div").link(Layout.ROOT + "/audit", "Clear filters").close("div");
        html.close("form");
    }

    /** The events as a table; {@code showOrg} adds the org column (the org page leaves it out). */
    static void table(Html html, List<AuditEvent> events, boolean showOrg) {
        if (events.isEmpty()) {
            html.element("p", "No audit row matches.", "class", "hint");
            return;
        }
        html.open("table", "class", "audit").open("thead").open("tr");
        List<String> columns = showOrg
                ? List.of("Date (UTC)", "Org", "Service", "Action", "Entity", "Status", "Failure kind", "Message")
                : List.of("Date (UTC)", "Service", "Action", "Entity", "Status", "Failure kind", "Message");
        columns.forEach(c -> html.element("th", c, "scope", "col"));
        html.close("tr").close("thead").open("tbody");
        for (AuditEvent e : events) {
            html.open("tr", "data-action", e.action()).element("td", Format.second(e.eventDate()), "class", "mono");
            if (showOrg) {
                html.open("td");
                if (e.orgId() != null) {
                    html.link(Layout.ROOT + "/orgs/" + e.orgId(), e.orgId());
                }
                html.close("td");
            }
            html.element("td", e.serviceName() + " · " + e.level()).element("td", e.action())
                    .element("td", e.entityType() + (e.entityName() == null ? "" : " " + e.entityName())
                            + (e.entityId() == null || e.entityId().equals(e.entityName()) ? "" : " (" + e.entityId() + ")"));
            html.open("td");
            Layout.badge(html, e.status());
            html.close("td");
            html.open("td");
            if (e.context().failureKind() != null) {
                html.element("code", e.context().failureKind());
            }
            html.close("td");
            html.open("td").text(e.message());
            if (e.context().diagnosis() != null && !e.message().contains(e.context().diagnosis())) {
                html.element("div", "Hint: " + e.context().diagnosis(), "class", "hint");
            }
            html.close("td").close("tr");
        }
        html.close("tbody").close("table");
    }

    private static void pager(Html html, AuditSearch.Page page, String query) {
        String base = Layout.ROOT + "/audit" + (query.isEmpty() ? "?" : query + "&") + "page=";
        html.open("nav", "class", "pager", "aria-label", "Pages");
        if (page.number() > 1) {
            html.link(base + (page.number() - 1), "Previous page", "rel", "prev");
        }
        html.element("span", "Page " + page.number(), "aria-current", "page");
        if (page.hasNext()) {
            html.link(base + (page.number() + 1), "Next page", "rel", "next");
        }
        html.close("nav");
    }

    /** The filter as a query string ("" or "?org=..&status=.."), for the downloads and the pager. */
    static String query(AuditFilter f) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("org", f.orgId());
        parameters.put("action", f.action());
        parameters.put("failureKind", f.failureKind());
        parameters.put("status", f.status());
        parameters.put("from", f.from() == null ? null : f.from().toString());
        parameters.put("to", f.to() == null ? null : f.to().toString());
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.append(query.isEmpty() ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /** Reads a time filter: an instant ({@code 2026-12-02T05:00:00Z}) or a UTC local time from the form. */
    public static Instant time(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.endsWith("Z") ? Instant.parse(value)
                    : java.time.LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be a UTC time such as 2026-12-02T05:00, but was '"
                    + value + "'");
        }
    }
}
