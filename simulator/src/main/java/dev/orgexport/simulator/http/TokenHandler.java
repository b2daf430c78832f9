package dev.orgexport.simulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.ClientState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /oauth/token}, client-credentials grant with Basic auth. Order of checks: injected
 * 5xx, the per-client token budget (keyed by the presented client id), the request's form (400
 * {@code invalid_request} / {@code unsupported_grant_type}), then the client:
 * <ul>
 *   <li>id unknown in every region: 401 {@code invalid_client} "client not found";</li>
 *   <li>id of a client of another region, wrong secret, disabled client, or no/garbled Basic
 *       credentials: 401 {@code invalid_client} "authentication failed". The platform reports all
 *       of these alike (a disabled client is rejected at login as observed in the field), so a
 *       client must not tell them apart by the description.</li>
 * </ul>
 */
final class TokenHandler {

    private static final String AUTH_FAILED = "authentication failed";

    private final Services services;
    private final Responder responder;

    TokenHandler(Services services, Responder responder) {
        this.services = services;
        this.responder = responder;
    }

    void handle(Call call) throws IOException {
        Optional<String[]> credentials = basicCredentials(call.header("Authorization"));
        String clientId = credentials.map(c -> c[0]).orElse(null);
        Optional<Client> client = services.directory().client(clientId);
        call.clientId = clientId;

        String orgOfClient = client.map(Client::org).orElse(null);
        int injected = services.faults().errorStatus(call.region.id(), orgOfClient, Endpoint.OAUTH_TOKEN);
        if (injected > 0) {
            responder.error(call, injected, "service.unavailable", "The service is currently unavailable");
            return;
        }
        if (clientId != null) {
            long retryAfter = services.tokenLimiter().acquire(clientId);
            if (retryAfter > 0) {
                responder.tooManyRequests(call, retryAfter, "token.rate.per.minute", "oauth.client",
                        services.tokenLimiter().perMinute());
                return;
            }
        }
        byte[] body = call.body();
        String contentType = call.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            responder.oauthError(call, 400, "invalid_request", "content type must be application/x-www-form-urlencoded");
            return;
        }
        Map<String, String> form;
        try {
            form = Call.parseForm(new String(body, StandardCharsets.UTF_8));
        } catch (PlatformException e) {
            responder.oauthError(call, 400, "invalid_request", "malformed form body");
            return;
        }
        String grantType = form.get("grant_type");
        if (grantType == null || grantType.isBlank()) {
            responder.oauthError(call, 400, "invalid_request", "grant_type is required");
            return;
        }
        if (!grantType.equals("client_credentials")) {
            responder.oauthError(call, 400, "unsupported_grant_type", "unsupported grant type: " + grantType);
            return;
        }
        if (credentials.isEmpty()) {
            responder.oauthError(call, 401, "invalid_client", AUTH_FAILED);
            return;
        }
        if (client.isEmpty()) {
            responder.oauthError(call, 401, "invalid_client", "client not found");
            return;
        }
        Client known = client.get();
        boolean sameRegion = services.directory().regionOfClient(known).equals(call.region.id());
        if (!sameRegion || !secretMatches(known.secret(), credentials.get()[1]) || known.state() == ClientState.DISABLED) {
            responder.oauthError(call, 401, "invalid_client", AUTH_FAILED);
            return;
        }
        String token = services.tokens().issue(known.org(), known.id(), known.tokenLifetime());
        ObjectNode answer = responder.mapper().createObjectNode();
        answer.put("access_token", token);
        answer.put("token_type", "bearer");
        answer.put("expires_in", known.tokenLifetime().toSeconds());
        call.response.getHeaders().put("Cache-Control", "no-store");
        responder.json(call, 200, answer);
    }

    /** {clientId, secret} from {@code Basic base64(id:secret)}, or empty when absent or garbled. */
    static Optional<String[]> basicCredentials(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    private static boolean secretMatches(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
