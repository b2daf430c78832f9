package dev.orgexport.simulator.stats;

import dev.orgexport.simulator.Endpoint;
import dev.orgexport.simulator.SimulatorStats;
import dev.orgexport.simulator.SimulatorStats.Counts;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts answers per (client id, endpoint) on the request hot path with striped adders, and
 * takes {@link SimulatorStats} snapshots. Thread-safe. A snapshot taken while requests run may
 * count a request without yet counting its answer.
 */
public final class StatsRecorder {

    private record Key(String clientId, Endpoint endpoint) {
    }

    private static final class Cell {
        final LongAdder requests = new LongAdder();
        final LongAdder tooMany = new LongAdder();
        final LongAdder unauthorized = new LongAdder();
        final LongAdder forbidden = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
    }

    private final ConcurrentMap<Key, Cell> cells = new ConcurrentHashMap<>();

    /** Records one answered request. */
    public void record(String clientId, Endpoint endpoint, int status) {
        Cell cell = cells.computeIfAbsent(new Key(clientId == null ? SimulatorStats.UNKNOWN_CLIENT : clientId, endpoint),
                k -> new Cell());
        cell.requests.increment();
        switch (status) {
            case 429 -> cell.tooMany.increment();
            case 401 -> cell.unauthorized.increment();
            case 403 -> cell.forbidden.increment();
            default -> {
                if (status >= 500) {
                    cell.serverErrors.increment();
                }
            }
        }
    }

    public SimulatorStats snapshot() {
        Map<String, Map<Endpoint, Counts>> byClient = new HashMap<>();
        cells.forEach((key, cell) -> byClient.computeIfAbsent(key.clientId(), c -> new EnumMap<>(Endpoint.class))
                .put(key.endpoint(), new Counts(cell.requests.sum(), cell.tooMany.sum(), cell.unauthorized.sum(),
                        cell.forbidden.sum(), cell.serverErrors.sum())));
        return new SimulatorStats(byClient);
    }

    public void reset() {
        cells.clear();
    }
}
