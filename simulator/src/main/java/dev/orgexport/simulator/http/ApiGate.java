package dev.orgexport.simulator.http;

import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.ClientState;
import dev.orgexport.simulator.oauth.Grant;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.faults.WireFault;
import dev.orgexport.simulator.faults.WireFaultRule;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What every API request passes before its handler, in this order: a bearer token (401
 * {@code authentication.required}); a known, unexpired, unrevoked token of an enabled client of an
 * org of this region (401 {@code bad.credentials}); injected 5xx; the API budget (429); the
 * endpoint's permission (403 {@code missing.permissions}, or {@code missing.any.permissions} where
 * any of several permissions will do). Gateway and rate-limit {@link WireFault}s hit after the
 * 5xx rules.
 */
final class ApiGate {

    /** The agent-restricted alternative to {@code analytics:conversationDetail:view}. */
    static final String AGENT_CONVERSATION_PERMISSION = "analytics:agentConversationDetail:view";
    private static final Set<WireFault> GATE_FAULTS = EnumSet.of(WireFault.GATEWAY_502, WireFault.GATEWAY_504,
            WireFault.REQUEST_TIMEOUT, WireFault.RATE_LIMIT_NO_RETRY_AFTER, WireFault.TOO_MANY_REQUESTS, WireFault.DAILY_LIMIT);
    /** Invented: the platform's daily-limit key is not public (the limit itself is, S1 L1655). */
    private static final String DAILY_LIMIT_KEY = "analytics.requests.per.day";
    private static final long DAILY_LIMIT_VALUE = 10_000;

    /** The caller of an admitted request. */
    record Caller(Grant grant, Client client) {
    }

    private final Services services;
    private final Responder responder;

    ApiGate(Services services, Responder responder) {
        this.services = services;
        this.responder = responder;
    }

    /** The caller, or empty when the request was already answered with an error. */
    Optional<Caller> admit(Call call) throws IOException {
        String authorization = call.header("Authorization");
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            responder.error(call, 401, "authentication.required", "No authentication bearer token specified in authorization header.");
            return Optional.empty();
        }
        String token = authorization.substring(7).trim();
        Optional<Grant> grant = services.tokens().find(token);
        grant.ifPresent(g -> call.clientId = g.clientId());
        Optional<Client> client = grant.flatMap(g -> services.directory().client(g.clientId()));
        boolean valid = grant.isPresent() && grant.get().validAt(services.clock().instant())
                && client.isPresent() && client.get().state() == ClientState.ACTIVE
                && services.directory().org(grant.get().orgId()).map(o -> o.region().equals(call.region.id())).orElse(false);
        if (!valid) {
            responder.error(call, 401, "bad.credentials", "Invalid login credentials.");
            return Optional.empty();
        }
        Caller caller = new Caller(grant.get(), client.get());
        int injected = services.faults().errorStatus(call.region.id(), caller.grant().orgId(), call.endpoint());
        if (injected > 0) {
            responder.error(call, injected, "service.unavailable", "The service is currently unavailable");
            return Optional.empty();
        }
        if (wireFault(call, caller)) {
            return Optional.empty();
        }
        String budgetKey = services.apiBudgetScope().get() == BudgetScope.CLIENT ? "client:" + caller.client().id() : token;
        long retryAfter = services.apiLimiter().acquire(budgetKey);
        if (retryAfter > 0) {
            responder.tooManyRequests(call, retryAfter, "client.credentials.token.rate.per.minute", "platform.api",
                    services.apiLimiter().perMinute());
            return Optional.empty();
        }
        if (call.endpoint().kind() != null) {
            List<String> anyOf = permissionsOf(call.endpoint());
            if (anyOf.stream().noneMatch(caller.client().permissions()::contains)) {
                forbidden(call, anyOf);
                return Optional.empty();
            }
        }
        return Optional.of(caller);
    }

    /**
     * The permissions of which the endpoint needs at least one. Conversation detail jobs accept
     * either the full or the agent-restricted permission (S2 ConversationsApi.md, S5); their
     * availability endpoint needs the full one, as does everything else its kind's one.
     */
    static List<String> permissionsOf(Endpoint endpoint) {
        String permission = endpoint.kind().permission();
        if (endpoint.kind() == ExportKind.CONVERSATION_DETAILS && endpoint != Endpoint.CONVERSATION_JOB_AVAILABILITY) {
            return List.of(permission, AGENT_CONVERSATION_PERMISSION);
        }
        return List.of(permission);
    }

    private void forbidden(Call call, List<String> anyOf) throws IOException {
        boolean any = anyOf.size() > 1;
        String perms = "[" + String.join(", ", anyOf) + "]";
        String prefix = any ? "Unable to perform the requested action. You must have at least one of the following permissions: "
                : "Unable to perform the requested action. You are missing the following permission(s): ";
        ObjectNode body = responder.errorBody(call, 403, any ? "missing.any.permissions" : "missing.permissions", prefix + perms);
        body.put("messageWithParams", prefix + "{perms}");
        ((ObjectNode) body.get("messageParams")).put("perms", perms);
        responder.json(call, 403, body);
    }

    /** Gateway and rate-limit faults on demand, after authentication (as a gateway or limiter behind the auth layer). */
    private boolean wireFault(Call call, Caller caller) throws IOException {
        Optional<WireFaultRule> hit = services.faults().takeWireFault(caller.grant().orgId(), call.endpoint(), GATE_FAULTS);
        if (hit.isEmpty()) {
            return false;
        }
        WireFaultRule rule = hit.get();
        switch (rule.fault()) {
            case GATEWAY_502 -> responder.gatewayPage(call, 502);
            case GATEWAY_504 -> responder.gatewayPage(call, 504);
            case REQUEST_TIMEOUT -> responder.error(call, 504, "request.timeout", "The request timed out.");
            case RATE_LIMIT_NO_RETRY_AFTER -> responder.tooManyRequestsWithoutRetryAfter(call, false,
                    services.apiLimiter().perMinute());
            case TOO_MANY_REQUESTS -> responder.tooManyRequestsWithoutRetryAfter(call, true, services.apiLimiter().perMinute());
            case DAILY_LIMIT -> responder.tooManyRequests(call, rule.retryAfterSeconds(), DAILY_LIMIT_KEY, "platform.api",
                    DAILY_LIMIT_VALUE);
            default -> throw new IllegalStateException("not a gate fault: " + rule.fault());
        }
        return true;
    }
}
