package dev.orgexport.console;

import dev.orgexport.console.action.ActionKind;
import dev.orgexport.console.action.ConsoleActions;
import dev.orgexport.console.auth.OperatorAuth;
import dev.orgexport.console.auth.OperatorAuth.Caller;
import dev.orgexport.console.auth.Sessions;
import dev.orgexport.console.http.Request;
import dev.orgexport.console.http.Response;
import dev.orgexport.console.page.ActionPage;
import dev.orgexport.console.page.AuditDownload;
import dev.orgexport.console.page.AuditPage;
import dev.orgexport.console.page.Layout;
import dev.orgexport.console.page.LoginPage;
import dev.orgexport.console.page.OrgPage;
import dev.orgexport.console.page.OverviewPage;
import dev.orgexport.console.read.AuditFilter;
import dev.orgexport.console.read.AuditSearch;
import dev.orgexport.console.read.ConsoleReads;
import dev.orgexport.console.read.OrgHealth;
import dev.orgexport.orchestrator.control.UnknownOrgException;
import dev.orgexport.schema.task.ExportKind;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which page answers which request, and who may see it: read-only pages need a signed-in
 * operator unless {@link ConsoleConfig#readOnlyWithoutAuth()}; actions always do, and their POSTs
 * must come from this console's own pages (same Origin when the browser sends one, and the
 * caller's CSRF token).
 */
final class ConsoleRoutes {

    private static final Pattern ORG = Pattern.compile("/orgs/([A-Za-z0-9][A-Za-z0-9._-]{0,99})");
    private static final Pattern ACTION = Pattern.compile("/orgs/([A-Za-z0-9][A-Za-z0-9._-]{0,99})/([a-z]+)");

    private final Clock clock;
    private final OperatorAuth auth;
    private final ConsoleReads reads;
    private final AuditSearch audit;
    private final ConsoleActions actions;

    ConsoleRoutes(Clock clock, OperatorAuth auth, ConsoleReads reads, AuditSearch audit, ConsoleActions actions) {
        this.clock = clock;
        this.auth = auth;
        this.reads = reads;
        this.audit = audit;
        this.actions = actions;
    }

    OperatorAuth auth() {
        return auth;
    }

    /** The page, or an error page (unknown org 404, bad input 400) that still shows who is signed in. */
    Response route(Request request) {
        Caller caller = auth.identify(request).orElse(null);
        try {
            return dispatch(request, caller);
        } catch (UnknownOrgException e) {
            return Response.html(404, LoginPage.problem("Unknown org", e.getMessage(), caller));
        } catch (IllegalArgumentException e) {
            return Response.html(400, LoginPage.problem("Cannot do that", e.getMessage(), caller));
        }
    }

    private Response dispatch(Request request, Caller caller) {
        String path = request.path();
        if ("/login".equals(path)) {
            return request.isPost() ? signIn(request) : Response.html(200, LoginPage.render(auth.config(),
                    next(request), null));
        }
        if ("/logout".equals(path) && request.isPost()) {
            if (caller != null && sameOrigin(request) && auth.csrfValid(caller, request.form().get("csrf"))) {
                auth.signOut(caller.sessionId());
            }
            return Response.redirect(Layout.ROOT + "/").withHeader("Set-Cookie", cookie("", 0));
        }
        Matcher action = ACTION.matcher(path);
        if (action.matches()) {
            ActionKind kind = ActionKind.fromPath(action.group(2)).orElse(null);
            if (kind == null) {
                return notFound(caller, "no such action: " + action.group(2));
            }
            return act(request, caller, action.group(1), kind);
        }
        if (request.isPost()) {
            return Response.text(405, "text/plain; charset=utf-8", "method not allowed\n");
        }
        if (caller == null && !auth.config().readOnlyWithoutAuth()) {
            return toLogin(request);
        }
        Instant now = clock.instant();
        Matcher org = ORG.matcher(path);
        if (org.matches()) {
            String id = org.group(1);
            OrgHealth health = reads.org(id, now).orElseThrow(() -> new UnknownOrgException(id));
            return Response.html(200, OrgPage.render(health, reads.windows(id, null, OrgPage.WINDOWS),
                    audit.page(new AuditFilter(id, null, null, null, null, null), 1, OrgPage.AUDIT_ROWS).events(), now, caller));
        }
        return switch (path) {
            case "/", "" -> Response.html(200, OverviewPage.render(reads.overview(now), now, caller));
            case "/audit" -> auditPage(request, caller);
            case "/audit.csv" -> Response.download("text/csv; charset=utf-8", "orgexport-audit.csv",
                    AuditDownload.csv(audit.export(filter(request))));
            case "/audit.json" -> Response.download("application/json", "orgexport-audit.json",
                    AuditDownload.json(audit.export(filter(request))));
            default -> notFound(caller, "no such page: " + path);
        };
    }

    private Response auditPage(Request request, Caller caller) {
        AuditFilter filter;
        String error = null;
        try {
            filter = filter(request);
        } catch (IllegalArgumentException e) {
            filter = AuditFilter.NONE;
            error = e.getMessage();
        }
        int page = request.parameter("page").map(ConsoleRoutes::pageNumber).orElse(1);
        return Response.html(error == null ? 200 : 400, AuditPage.render(filter, audit.page(filter, page, AuditSearch.PAGE_SIZE),
                reads.orgIds(), audit.actions(), error, caller));
    }

    private Response act(Request request, Caller caller, String orgId, ActionKind kind) {
        if (caller == null) {
            return request.isPost() ? Response.html(401, LoginPage.problem("Sign in first",
                    "Actions need a signed-in operator.", null)) : toLogin(request);
        }
        if (!request.isPost()) {
            reads.org(orgId, clock.instant()).orElseThrow(() -> new UnknownOrgException(orgId));
            return Response.html(200, ActionPage.confirm(kind, orgId, clock.instant(), caller));
        }
        if (!sameOrigin(request) || !auth.csrfValid(caller, request.form().get("csrf"))) {
            return Response.html(403, LoginPage.problem("Refused", "This form did not come from this console's own page "
                    + "(its CSRF token or origin does not match). Open the action again from the org's page.", caller));
        }
        return switch (kind) {
            case PAUSE -> Response.html(200, ActionPage.controlled(actions.pause(orgId, caller.operator()), caller));
            case RESUME -> Response.html(200, ActionPage.controlled(actions.resume(orgId, caller.operator()), caller));
            case RELEASE -> Response.html(200, ActionPage.controlled(actions.release(orgId, caller.operator()), caller));
            case DIAGNOSE -> {
                boolean probe = request.parameter("probeRegions").map("true"::equals).orElse(false);
                yield Response.html(200, ActionPage.diagnosed(actions.diagnose(orgId, probe, caller.operator()), probe, caller));
            }
            case BACKFILL -> {
                ExportKind exportKind = ExportKind.fromWireName(request.parameter("kind")
                        .orElseThrow(() -> new IllegalArgumentException("choose an export kind")));
                Instant from = AuditPage.time("from", request.parameter("from").orElseThrow(
                        () -> new IllegalArgumentException("'from' is required")));
                Instant to = AuditPage.time("to", request.parameter("to").orElseThrow(
                        () -> new IllegalArgumentException("'to' is required")));
                yield Response.html(200, ActionPage.backfilled(orgId,
                        actions.backfill(orgId, exportKind, from, to, caller.operator()), caller));
            }
        };
    }

    private Response signIn(Request request) {
        if (!sameOrigin(request)) {
            return Response.html(403, LoginPage.problem("Refused", "The sign-in form must be sent from this console.", null));
        }
        Optional<java.time.Duration> wait = auth.blocked(request.remoteAddress());
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            return Response.html(429, LoginPage.render(auth.config(), next(request), "Too many refused sign-ins from "
                    + "this address: try again in " + seconds + " s.")).withHeader("Retry-After", String.valueOf(seconds));
        }
        Optional<Sessions.Session> session = auth.signIn(request.form().get("operator"), request.form().get("secret"),
                request.remoteAddress());
        if (session.isEmpty()) {
            return Response.html(401, LoginPage.render(auth.config(), next(request),
                    auth.config().authConfigured() ? "Sign-in refused: the name or the secret is wrong." : null));
        }
        return Response.redirect(next(request))
                .withHeader("Set-Cookie", cookie(session.get().id(), auth.sessions().lifetime().getSeconds()));
    }

    private static AuditFilter filter(Request request) {
        return new AuditFilter(request.parameter("org").orElse(null), request.parameter("action").orElse(null),
                request.parameter("failureKind").orElse(null), request.parameter("status").orElse(null),
                AuditPage.time("from", request.parameter("from").orElse(null)),
                AuditPage.time("to", request.parameter("to").orElse(null)));
    }

    private static int pageNumber(String text) {
        try {
            int page = Integer.parseInt(text);
            if (page >= 1 && page <= 100_000) {
                return page;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the rule
        }
        throw new IllegalArgumentException("'page' must be a whole number from 1 to 100000, but was '" + text + "'");
    }

    /** Where to go after signing in: a console path only, so the parameter cannot send anyone elsewhere. */
    private static String next(Request request) {
        String next = request.parameter("next").orElse(Layout.ROOT + "/");
        boolean local = next.startsWith(Layout.ROOT + "/") && !next.startsWith("//") && !next.contains("\\")
                && next.chars().noneMatch(c -> c < 0x20);
        return local ? next : Layout.ROOT + "/";
    }

    private static Response toLogin(Request request) {
        String here = Layout.ROOT + request.path();
        return Response.redirect(Layout.ROOT + "/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
    }

    private static Response notFound(Caller caller, String message) {
        return Response.html(404, LoginPage.problem("Not found", message, caller));
    }

    /** A browser names the page a form came from in Origin; it must be this host. Absent (older clients): CSRF decides. */
    private static boolean sameOrigin(Request request) {
        Optional<String> origin = request.header("Origin");
        if (origin.isEmpty()) {
            return true;
        }
        try {
            String host = request.header("Host").orElse("");
            return !"null".equals(origin.get()) && host.equalsIgnoreCase(URI.create(origin.get()).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String cookie(String value, long maxAgeSeconds) {
        return OperatorAuth.COOKIE + "=" + value + "; Path=" + Layout.ROOT + "; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds;
    }
}
