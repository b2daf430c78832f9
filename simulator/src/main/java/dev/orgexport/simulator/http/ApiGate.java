package dev.orgexport.simulator.http;

import dev.orgexport.simulator.SimulatorConfig.BudgetScope;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.ClientState;
import dev.orgexport.simulator.oauth.Grant;
import java.io.IOException;
import java.util.Optional;

/**
 * What every API request passes before its handler, in this order: a bearer token (401
 * {@code authentication.required}); a known, unexpired, unrevoked token of an enabled client of an
 * org of this region (401 {@code bad.credentials}); injected 5xx; the API budget (429); the
 * endpoint's permission (403 {@code missing.permissions}).
 */
final class ApiGate {

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
        String budgetKey = services.apiBudgetScope().get() == BudgetScope.CLIENT ? "client:" + caller.client().id() : token;
        long retryAfter = services.apiLimiter().acquire(budgetKey);
        if (retryAfter > 0) {
            responder.tooManyRequests(call, retryAfter, "client.credentials.token.rate.per.minute", "platform.api",
                    services.apiLimiter().perMinute());
            return Optional.empty();
        }
        if (call.endpoint().kind() != null) {
            String permission = call.endpoint().kind().permission();
            if (!caller.client().permissions().contains(permission)) {
                String message = "Unable to perform the requested action. You are missing the following permission(s): ["
                        + permission + "]";
                var body = responder.errorBody(call, 403, "missing.permissions", message);
                body.put("messageWithParams", "Unable to perform the requested action. You are missing the following permission(s): {perms}");
                ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("messageParams")).put("perms", "[" + permission + "]");
                responder.json(call, 403, body);
                return Optional.empty();
            }
        }
        return Optional.of(caller);
    }
}
