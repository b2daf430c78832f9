package dev.orgexport.simulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.schema.task.ExportKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The data as a job submitted at {@code asOf} sees it (fidelity review §2 item 1). Each record
 * lands in the data lake {@code delay} after it happened, where {@code delay} is drawn from
 * {@code [0, availabilityLag]} by the record's id; so at {@code asOf} the record is seen as of
 * {@code cut = asOf - delay}:
 * <ul>
 *   <li>a conversation that had not started by {@code cut} is absent; one still in progress has
 *       no {@code conversationEnd}, no segment or metric after {@code cut}, and no
 *       {@code segmentEnd} on the segment in progress (S6: "conversationEnd is absent for
 *       conversations that have not ended");</li>
 *   <li>a user's presence and routing intervals that had not started are absent, the one in
 *       progress has no {@code endTime}; a user with none left is absent;</li>
 *   <li>an audit event after {@code cut} is absent.</li>
 * </ul>
 * Whatever ended before {@code asOf - availabilityLag} (the {@code dataAvailabilityDate}) is seen
 * complete and final, so a window is final once every record overlapping it ended before the
 * availability date. Records are copied before they are cut; the final ones are shared.
 */
final class LiveView {

    /** The longest a user-details interval reaches past its window's end: intervals stay inside their hour. */
    private static final Duration USER_REACH = Duration.ofHours(1);

    private LiveView() {
    }

    /** True when nothing of the query's window can still change at {@code asOf}. */
    static boolean settled(RecordQuery query, Instant asOf, Duration lag) {
        Duration reach = switch (query.kind()) {
            case CONVERSATION_DETAILS -> Duration.ofMillis(ConversationGenerator.MAX_DURATION_MILLIS);
            case USER_DETAILS -> USER_REACH;
            case AUDIT_EVENTS -> Duration.ZERO;
        };
        return !asOf.minus(lag).isBefore(query.end().plus(reach));
    }

    static List<ObjectNode> at(ExportKind kind, List<ObjectNode> finals, Instant asOf, Duration lag) {
        List<ObjectNode> seen = new ArrayList<>(finals.size());
        for (ObjectNode record : finals) {
            ObjectNode view = switch (kind) {
                case CONVERSATION_DETAILS -> conversation(record, cut(record.path("conversationId").asText(), asOf, lag));
                case USER_DETAILS -> user(record, cut(record.path("userId").asText(), asOf, lag));
                case AUDIT_EVENTS -> Instant.parse(record.path("eventDate").asText())
                        .isBefore(cut(record.path("id").asText(), asOf, lag)) ? record : null;
            };
            if (view != null) {
                seen.add(view);
            }
        }
        return seen;
    }

    private static Instant cut(String id, Instant asOf, Duration lag) {
        long lagMillis = lag.toMillis();
        if (lagMillis == 0) {
            return asOf;
        }
        long delay = Math.floorMod(Seeds.random(id, "landing").nextLong(), lagMillis + 1);
        return asOf.minusMillis(delay);
    }

    private static ObjectNode conversation(ObjectNode record, Instant cut) {
        Instant start = Instant.parse(record.path("conversationStart").asText());
        Instant end = Instant.parse(record.path("conversationEnd").asText());
        if (!start.isBefore(cut)) {
            return null;
        }
        if (!end.isAfter(cut)) {
            return record;
        }
        ObjectNode partial = record.deepCopy();
        partial.remove("conversationEnd");
        partial.remove("mediaStatsMinConversationMos");
        partial.remove("mediaStatsMinConversationRFactor");
        for (JsonNode participant : partial.path("participants")) {
            for (JsonNode session : participant.path("sessions")) {
                trim((ArrayNode) session.get("segments"), "segmentStart", "segmentEnd", cut);
                ArrayNode metrics = (ArrayNode) session.get("metrics");
                for (Iterator<JsonNode> it = metrics.elements(); it.hasNext(); ) {
                    if (Instant.parse(it.next().path("emitDate").asText()).isAfter(cut)) {
                        it.remove();
                    }
                }
            }
        }
        return partial;
    }

    private static ObjectNode user(ObjectNode record, Instant cut) {
        ObjectNode partial = record.deepCopy();
        trim((ArrayNode) partial.get("primaryPresence"), "startTime", "endTime", cut);
        trim((ArrayNode) partial.get("routingStatus"), "startTime", "endTime", cut);
        if (partial.equals(record)) {
            return record;
        }
        return partial.path("primaryPresence").isEmpty() && partial.path("routingStatus").isEmpty() ? null : partial;
    }

    /** Drops the intervals that start at or after {@code cut}; the one in progress loses its end. */
    private static void trim(ArrayNode intervals, String startField, String endField, Instant cut) {
        for (Iterator<JsonNode> it = intervals.elements(); it.hasNext(); ) {
            ObjectNode interval = (ObjectNode) it.next();
            if (!Instant.parse(interval.path(startField).asText()).isBefore(cut)) {
                it.remove();
            } else if (Instant.parse(interval.path(endField).asText()).isAfter(cut)) {
                interval.remove(endField);
            }
        }
    }
}
