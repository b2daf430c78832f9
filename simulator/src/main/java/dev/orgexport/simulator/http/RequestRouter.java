package dev.orgexport.simulator.http;

import dev.orgexport.schema.region.Region;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.http.ApiGate.Caller;
import dev.orgexport.simulator.model.Directory;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP handler. Resolves the region from a {@code /<region-id>} path prefix, else from a
 * {@code Host} of {@code login.<domain>} or {@code api.<domain>} (as the platform does); admin
 * calls go to {@code /__sim/}. Then, per request: region latency (scheduled, never a sleeping
 * thread), region outage (503), and the endpoint's handler. Every answer carries a correlation
 * id; bad input is a 400/404 platform error body; an unexpected failure is logged once and
 * answered 500 without internals.
 */
final class RequestRouter extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private final Services services;
    private final Responder responder;
    private final TokenHandler tokens;
    private final ApiGate gate;
    private final IdentityHandler identity;
    private final JobHandler jobs;
    private final AdminHandler admin;
    private final ScheduledExecutorService delays;
    private final Executor workers;

    RequestRouter(Services services, Responder responder, AdminHandler admin, ScheduledExecutorService delays,
                  Executor workers) {
        this.services = services;
        this.responder = responder;
        this.tokens = new TokenHandler(services, responder);
        this.gate = new ApiGate(services, responder);
        this.identity = new IdentityHandler(services, responder);
        this.jobs = new JobHandler(services, responder);
        this.admin = admin;
        this.delays = delays;
        this.workers = workers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            String rawPath = request.getHttpURI().getPath();
            if (rawPath == null || rawPath.isEmpty()) {
                rawPath = "/";
            }
            if (rawPath.equals("/__sim") || rawPath.startsWith("/__sim/")) {
                Call call = new Call(request, response, callback, null, rawPath.substring("/__sim".length()), Route.UNKNOWN);
                answer(call, () -> admin.handle(call));
                return true;
            }
            int slash = rawPath.indexOf('/', 1);
            String first = slash < 0 ? rawPath.substring(1) : rawPath.substring(1, slash);
            Optional<Region> byPrefix = services.directory().region(first);
            Region region;
            String path;
            Directory.HostRole role = null;
            if (byPrefix.isPresent()) {
                region = byPrefix.get();
                path = slash < 0 ? "/" : rawPath.substring(slash);
            } else {
                Optional<Directory.RegionHost> byHost = services.directory().regionOfHost(request.getHeaders().get("Host"));
                region = byHost.map(Directory.RegionHost::region).orElse(null);
                role = byHost.map(Directory.RegionHost::role).orElse(null);
                path = rawPath;
            }
            if (region == null) {
                String unknownPath = rawPath;
                Call unrouted = new Call(request, response, callback, null, rawPath, Route.UNKNOWN);
                answer(unrouted, () -> responder.error(unrouted, 404, "not.found",
                        "No region is served at " + unknownPath + "; use /<region-id>/... or a login./api./download. host of the catalog"));
                return true;
            }
            Route route = Route.of(request.getMethod(), path);
            if (role != null && !servedOn(role, route.endpoint())) {
                route = Route.UNKNOWN;
            }
            Call routed = new Call(request, response, callback, region, path, route);
            routed.hostRole = role;
            Duration delay = services.faults().latency(region.id());
            if (delay.isZero()) {
                answer(routed, () -> process(routed));
            } else {
                delays.schedule(() -> dispatchLater(routed), delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (RuntimeException e) {
            LOG.error("request routing failed; failing the request, the simulator keeps running", e);
            callback.failed(e);
        }
        return true;
    }

    /**
     * Host separation, as on the platform (S1 getConfUrl): {@code /oauth/token} only on
     * {@code login.<domain>}, {@code /api/v2} only on {@code api.<domain>}, result downloads only
     * on {@code download.<domain>}. A path prefix ({@code /<region-id>/...}) serves all three
     * under one base, for clients configured with {@code platform.base-url}.
     */
    private static boolean servedOn(Directory.HostRole role, Endpoint endpoint) {
        return switch (role) {
            case LOGIN -> endpoint == Endpoint.OAUTH_TOKEN;
            case DOWNLOAD -> endpoint == Endpoint.AUDIT_DOWNLOAD;
            case API -> endpoint != Endpoint.OAUTH_TOKEN && endpoint != Endpoint.AUDIT_DOWNLOAD;
        };
    }

    private void dispatchLater(Call call) {
        try {
            workers.execute(() -> answer(call, () -> process(call)));
        } catch (RejectedExecutionException e) {
            call.callback.failed(e);
        }
    }

    /** The client a request claims to come from (Basic id or the bearer token's client), for the stats only. */
    private String presentedClient(Call call) {
        String authorization = call.header("Authorization");
        if (call.endpoint() == Endpoint.OAUTH_TOKEN) {
            return TokenHandler.basicCredentials(authorization).map(c -> c[0]).orElse(null);
        }
        if (authorization != null && authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return services.tokens().find(authorization.substring(7).trim()).map(g -> g.clientId()).orElse(null);
        }
        return null;
    }

    private interface Action {
        void run() throws IOException;
    }

    private void answer(Call call, Action action) {
        try {
            action.run();
        } catch (PlatformException e) {
            respondSafely(call, e.status(), e.code(), e.getMessage());
        } catch (IOException e) {
            LOG.debug("client went away during {} {}: {}", call.method(), call.path, e.toString());
            call.callback.failed(e);
        } catch (RuntimeException e) {
            LOG.error("unexpected failure answering {} {} (correlation id {})", call.method(), call.path, call.correlationId, e);
            respondSafely(call, 500, "internal.server.error", "The server encountered an unexpected condition");
        }
    }

    private void respondSafely(Call call, int status, String code, String message) {
        if (call.response.isCommitted()) {
            call.callback.failed(new IllegalStateException("response already committed"));
            return;
        }
        try {
            responder.error(call, status, code, message);
        } catch (IOException e) {
            call.callback.failed(e);
        }
    }

    private void process(Call call) throws IOException {
        call.clientId = presentedClient(call);
        if (services.faults().outage(call.region.id())) {
            responder.error(call, 503, "service.unavailable", "The service is currently unavailable");
            return;
        }
        Endpoint endpoint = call.endpoint();
        if (endpoint == Endpoint.UNKNOWN) {
            responder.error(call, 404, "not.found", "No " + call.method() + " operation exists at " + call.path);
            return;
        }
        if (endpoint == Endpoint.OAUTH_TOKEN) {
            tokens.handle(call);
            return;
        }
        if (endpoint == Endpoint.AUDIT_DOWNLOAD) {
            jobs.download(call);
            return;
        }
        Optional<Caller> admitted = gate.admit(call);
        if (admitted.isEmpty()) {
            return;
        }
        Caller caller = admitted.get();
        switch (endpoint) {
            case TOKENS_ME -> identity.tokensMe(call, caller);
            case ORGANIZATIONS_ME -> identity.organizationsMe(call, caller);
            case ORGANIZATION_LIMITS -> identity.limits(call, caller);
            case CONVERSATION_JOB_SUBMIT -> jobs.submitDetails(call, caller, ExportKind.CONVERSATION_DETAILS);
            case CONVERSATION_JOB_STATUS -> jobs.detailsStatus(call, caller, ExportKind.CONVERSATION_DETAILS);
            case CONVERSATION_JOB_RESULTS -> jobs.detailsResults(call, caller, ExportKind.CONVERSATION_DETAILS);
            case CONVERSATION_JOB_CANCEL -> jobs.cancel(call, caller, ExportKind.CONVERSATION_DETAILS);
            case USER_JOB_SUBMIT -> jobs.submitDetails(call, caller, ExportKind.USER_DETAILS);
            case USER_JOB_STATUS -> jobs.detailsStatus(call, caller, ExportKind.USER_DETAILS);
            case USER_JOB_RESULTS -> jobs.detailsResults(call, caller, ExportKind.USER_DETAILS);
            case USER_JOB_CANCEL -> jobs.cancel(call, caller, ExportKind.USER_DETAILS);
            case CONVERSATION_JOB_AVAILABILITY, USER_JOB_AVAILABILITY -> jobs.availability(call);
            case AUDIT_QUERY_SUBMIT -> jobs.submitAudit(call, caller);
            case AUDIT_QUERY_STATUS -> jobs.auditStatus(call, caller);
            case AUDIT_QUERY_RESULTS -> jobs.auditResults(call, caller);
            default -> responder.error(call, 404, "not.found", "No operation exists at " + call.path);
        }
    }
}
