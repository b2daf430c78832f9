package dev.orgexport.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * An immutable snapshot of what the simulator answered, per client id and endpoint. The client
 * id is the one presented in Basic auth on the token endpoint and the token's client on the API;
 * requests with no recognizable client count under {@link #UNKNOWN_CLIENT}.
 */
public final class SimulatorStats {

    /** Client id under which requests without a recognizable client are counted. */
    public static final String UNKNOWN_CLIENT = "-";

    /**
     * Counts of one (client, endpoint).
     *
     * @param requests        every request received
     * @param tooManyRequests 429 answers
     * @param unauthorized    401 answers
     * @param forbidden       403 answers
     * @param serverErrors    5xx answers (injected faults and outages)
     */
    public record Counts(long requests, long tooManyRequests, long unauthorized, long forbidden, long serverErrors) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(requests + other.requests, tooManyRequests + other.tooManyRequests,
                    unauthorized + other.unauthorized, forbidden + other.forbidden, serverErrors + other.serverErrors);
        }
    }

    private final Map<String, Map<Endpoint, Counts>> byClient;

    /** Wraps counts gathered by the simulator; the map is copied. */
    public SimulatorStats(Map<String, Map<Endpoint, Counts>> byClient) {
        Map<String, Map<Endpoint, Counts>> copy = new LinkedHashMap<>();
        byClient.forEach((client, counts) -> {
            Map<Endpoint, Counts> perEndpoint = new EnumMap<>(Endpoint.class);
            perEndpoint.putAll(counts);
            copy.put(client, Collections.unmodifiableMap(perEndpoint));
        });
        this.byClient = Collections.unmodifiableMap(copy);
    }

    /** Token requests presented with this client id. */
    public long tokenRequests(String clientId) {
        return counts(clientId, Endpoint.OAUTH_TOKEN).requests();
    }

    /** API requests (every endpoint but the token endpoint) made with this client's tokens. */
    public long apiRequests(String clientId) {
        return sumApi(clientId, Counts::requests);
    }

    /** API requests of this client to one endpoint. */
    public long apiRequests(String clientId, Endpoint endpoint) {
        return counts(clientId, endpoint).requests();
    }

    /** 429 answers to this client, token endpoint included. */
    public long tooManyRequests(String clientId) {
        return sumAll(clientId, Counts::tooManyRequests);
    }

    /** 401 answers to this client, token endpoint ({@code invalid_client}) included. */
    public long unauthorized(String clientId) {
        return sumAll(clientId, Counts::unauthorized);
    }

    /** 403 answers to this client. */
    public long forbidden(String clientId) {
        return sumAll(clientId, Counts::forbidden);
    }

    /** 5xx answers to this client. */
    public long serverErrors(String clientId) {
        return sumAll(clientId, Counts::serverErrors);
    }

    /** The counts of one client at one endpoint ({@link Counts#ZERO} when none). */
    public Counts counts(String clientId, Endpoint endpoint) {
        return byClient.getOrDefault(clientId, Map.of()).getOrDefault(endpoint, Counts.ZERO);
    }

    /** The counts of one endpoint over all clients. */
    public Counts total(Endpoint endpoint) {
        Counts sum = Counts.ZERO;
        for (Map<Endpoint, Counts> counts : byClient.values()) {
            sum = sum.plus(counts.getOrDefault(endpoint, Counts.ZERO));
        }
        return sum;
    }

    /** Everything, client id to endpoint to counts. */
    public Map<String, Map<Endpoint, Counts>> asMap() {
        return byClient;
    }

    private long sumApi(String clientId, ToLongFunction<Counts> field) {
        return byClient.getOrDefault(clientId, Map.of()).entrySet().stream()
                .filter(e -> e.getKey() != Endpoint.OAUTH_TOKEN)
                .mapToLong(e -> field.applyAsLong(e.getValue())).sum();
    }

    private long sumAll(String clientId, ToLongFunction<Counts> field) {
        return byClient.getOrDefault(clientId, Map.of()).values().stream().mapToLong(field).sum();
    }

    @Override
    public String toString() {
        return "SimulatorStats" + byClient;
    }
}
