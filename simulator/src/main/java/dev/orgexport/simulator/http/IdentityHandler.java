package dev.orgexport.simulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.simulator.SimulatorConfig.Org;
import dev.orgexport.simulator.http.ApiGate.Caller;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code GET /api/v2/tokens/me}, {@code GET /api/v2/organizations/me} and
 * {@code GET /api/v2/organizations/limits/namespaces/{namespace}}: who the token is and what it may spend.
 */
final class IdentityHandler {

    private final Services services;
    private final Responder responder;
    /** tokens/me is the hottest call (every client checks each new token); its body depends only on org and client. */
    private final ConcurrentMap<String, byte[]> tokensMeBodies = new ConcurrentHashMap<>();

    IdentityHandler(Services services, Responder responder) {
        this.services = services;
        this.responder = responder;
    }

    void tokensMe(Call call, Caller caller) throws IOException {
        String key = caller.grant().orgId() + '\n' + caller.client().id() + '\n' + caller.client().name();
        byte[] body = tokensMeBodies.get(key);
        if (body == null) {
            body = responder.mapper().writeValueAsBytes(tokensMeBody(caller));
            if (tokensMeBodies.size() < 10_000) {
                tokensMeBodies.put(key, body);
            }
        }
        responder.bytes(call, 200, body);
    }

    private ObjectNode tokensMeBody(Caller caller) {
        Org org = services.directory().requireOrg(caller.grant().orgId());
        ObjectNode body = responder.mapper().createObjectNode();
        named(body.putObject("organization"), org);
        named(body.putObject("homeOrganization"), org);
        body.putArray("authorizedScope");
        ObjectNode client = body.putObject("OAuthClient");
        client.put("id", caller.client().id());
        client.put("name", caller.client().name());
        client.put("authorizedGrantType", "CLIENT-CREDENTIALS");
        client.put("state", "active");
        named(client.putObject("organization"), org);
        return body;
    }

    void organizationsMe(Call call, Caller caller) throws IOException {
        Org org = services.directory().requireOrg(caller.grant().orgId());
        ObjectNode body = responder.mapper().createObjectNode();
        body.put("id", org.id());
        body.put("name", org.name());
        body.put("defaultLanguage", "en-us");
        body.put("thirdPartyOrgName", org.id().length() > 12 ? org.id().substring(0, 12) : org.id());
        body.put("domain", call.region.domain());
        body.put("version", 1);
        body.put("state", org.state().wireName());
        body.put("selfUri", "/api/v2/organizations/" + org.id());
        responder.json(call, 200, body);
    }

    void limits(Call call, Caller caller) throws IOException {
        String namespace = call.route.id();
        ObjectNode body = responder.mapper().createObjectNode();
        var entities = body.putArray("entities");
        if (namespace.equals("platform.api") || namespace.equals("oauth.client")) {
            ObjectNode limit = entities.addObject();
            limit.put("key", namespace.equals("platform.api") ? "client.credentials.token.rate.per.minute" : "token.rate.per.minute");
            limit.put("value", namespace.equals("platform.api") ? services.apiLimiter().perMinute() : services.tokenLimiter().perMinute());
        } else {
            throw PlatformException.notFound("Limit namespace '" + namespace + "' was not found");
        }
        responder.json(call, 200, body);
    }

    private static void named(ObjectNode node, Org org) {
        node.put("id", org.id());
        node.put("name", org.name());
    }
}
