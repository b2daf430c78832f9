package dev.orgexport.simulator.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.simulator.SimulatorConfig.DataSizing;
import dev.orgexport.simulator.Truth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The simulated platform's data: every final record is a function of (org, kind, time), so the
 * same window always yields the same final records in the same order, whichever job asks; what a
 * job sees before the window settled is a cut of them ({@link LiveView}). Records are Jackson
 * trees; conversation records carry floating-point metrics (MOS, R-factor) as the platform's do,
 * written the way Jackson writes doubles. Thread-safe. Generated windows are
 * kept in a small LRU cache so that paging a job does not regenerate its window per page;
 * the returned lists and nodes are shared and must not be modified.
 */
public final class DataGenerator {

    private static final int CACHED_WINDOWS = 32;

    private final ObjectMapper mapper = new ObjectMapper();
    private final DataSizing sizing;
    private final ConversationGenerator conversations;
    private final UserDetailsGenerator users = new UserDetailsGenerator();
    private final AuditGenerator audits;
    private final ConcurrentMap<String, OrgPeople> people = new ConcurrentHashMap<>();
    private final Map<RecordQuery, List<ObjectNode>> cache = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<RecordQuery, List<ObjectNode>> eldest) {
            return size() > CACHED_WINDOWS;
        }
    };

    public DataGenerator(DataSizing sizing) {
        this.sizing = sizing;
        this.conversations = new ConversationGenerator(sizing.minPerHour(), sizing.maxPerHour());
        this.audits = new AuditGenerator(sizing.minPerHour(), sizing.maxPerHour());
    }

    /**
     * The records the query selects as a job submitted at {@code asOf} sees them, in paging
     * order: the final records once the window has settled or when data is not live, else
     * {@link LiveView}'s cut of them.
     */
    public List<ObjectNode> records(RecordQuery query, Instant asOf) {
        List<ObjectNode> finals = records(query);
        if (!sizing.live() || LiveView.settled(query, asOf, sizing.availabilityLag())) {
            return finals;
        }
        return LiveView.at(query.kind(), finals, asOf, sizing.availabilityLag());
    }

    /** The final records the query selects (what the truth describes), in paging order. */
    public List<ObjectNode> records(RecordQuery query) {
        synchronized (cache) {
            List<ObjectNode> cached = cache.get(query);
            if (cached != null) {
                return cached;
            }
        }
        List<ObjectNode> generated = generate(query);
        synchronized (cache) {
            cache.put(query, generated);
        }
        return generated;
    }

    private List<ObjectNode> generate(RecordQuery query) {
        OrgPeople orgPeople = people.computeIfAbsent(query.orgId(), id -> OrgPeople.of(id, sizing.usersPerOrg()));
        long start = query.start().toEpochMilli();
        long end = query.end().toEpochMilli();
        List<ObjectNode> ascending = switch (query.kind()) {
            case CONVERSATION_DETAILS -> conversations.window(query.orgId(), orgPeople, start, end);
            case USER_DETAILS -> users.window(query.orgId(), orgPeople, start, end);
            case AUDIT_EVENTS -> audits.window(query, orgPeople);
        };
        if (query.ascending()) {
            return ascending;
        }
        List<ObjectNode> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);
        return List.copyOf(descending);
    }

    /** Count and SHA-256 of the canonical export of the query's records (see {@link Truth}). */
    public Truth truth(RecordQuery query) {
        return digest(records(query));
    }

    /** As {@link #truth(RecordQuery)}, of the records a job submitted at {@code asOf} sees. */
    public Truth truth(RecordQuery query, Instant asOf) {
        return digest(records(query, asOf));
    }

    private Truth digest(List<ObjectNode> records) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (ObjectNode record : records) {
            digest.update(compact(record).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return new Truth(records.size(), HexFormat.of().formatHex(digest.digest()));
    }

    /** A record as compact JSON, as the canonical export writes it. */
    public String compact(ObjectNode record) {
        try {
            return mapper.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a generated record cannot be written as JSON", e);
        }
    }
}
