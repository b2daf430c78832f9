package dev.orgexport.simulator.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.simulator.data.OrgPeople.Person;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

/**
 * Conversation details. Each conversation belongs to the hour its start falls in and is drawn
 * from a random stream seeded by (org, hour), so the data of any window is the same whichever
 * windows it is asked in. A conversation lasts less than an hour; a window returns every
 * conversation whose lifetime [start, end) overlaps it (the platform's default), ordered by
 * conversationStart, then id.
 */
final class ConversationGenerator {

    /** Longest possible conversation: ivr 90 s + queue 300 s + alert 20 s + talk 2400 s + hold 120 s + wrap-up 120 s. */
    static final long MAX_DURATION_MILLIS = 3_050_000L;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> MEDIA = List.of("voice", "voice", "voice", "chat", "email", "message");
    private static final List<String> WRAP_UPS = List.of("Resolved", "Follow-up needed", "Sale", "Transferred", "No answer");

    private final int minPerHour;
    private final int maxPerHour;

    ConversationGenerator(int minPerHour, int maxPerHour) {
        this.minPerHour = minPerHour;
        this.maxPerHour = maxPerHour;
    }

    List<ObjectNode> window(String orgId, OrgPeople people, long start, long end) {
        List<Timed> found = new ArrayList<>();
        for (long hour = Seeds.floorHour(start - MAX_DURATION_MILLIS); hour < end; hour += Seeds.HOUR_MILLIS) {
            for (Timed conversation : hour(orgId, people, hour)) {
                if (conversation.start < end && conversation.end > start) {
                    found.add(conversation);
                }
            }
        }
        found.sort(Comparator.comparingLong(Timed::start).thenComparing(Timed::id));
        return found.stream().map(Timed::node).toList();
    }

    private record Timed(long start, long end, String id, ObjectNode node) {
    }

    private List<Timed> hour(String orgId, OrgPeople people, long hour) {
        SplittableRandom random = Seeds.random(orgId, "conversation", hour);
        int count = minPerHour + random.nextInt(maxPerHour - minPerHour + 1);
        List<Timed> conversations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            conversations.add(conversation(random, people, hour + random.nextLong(Seeds.HOUR_MILLIS)));
        }
        return conversations;
    }

    private Timed conversation(SplittableRandom random, OrgPeople people, long start) {
        String id = Seeds.uuid(random);
        boolean inbound = random.nextInt(4) != 0;
        String media = inbound ? Seeds.pick(random, MEDIA) : "voice";
        boolean abandoned = inbound && random.nextInt(10) == 0;
        long ivr = inbound && media.equals("voice") ? 10_000 + random.nextLong(80_000) : 0;
        long queue = inbound ? 5_000 + random.nextLong(295_000) : 0;
        long alert = abandoned ? 0 : 3_000 + random.nextLong(17_000);
        long talk = abandoned ? 0 : 30_000 + random.nextLong(2_370_000);
        long hold = !abandoned && random.nextInt(10) < 3 ? 5_000 + random.nextLong(115_000) : 0;
        long wrapUp = abandoned ? 0 : 10_000 + random.nextLong(110_000);
        long end = start + ivr + queue + alert + talk + hold + wrapUp;
        Person agent = Seeds.pick(random, people.users());
        Person queuePerson = Seeds.pick(random, people.queues());
        String customerNumber = "tel:+1555" + (1_000_000 + random.nextInt(9_000_000));
        String orgNumber = "tel:+1800" + (1_000_000 + random.nextInt(9_000_000));

        ObjectNode node = JSON.objectNode();
        node.put("conversationId", id);
        node.put("conversationStart", Seeds.iso(start));
        node.put("conversationEnd", Seeds.iso(end));
        node.put("originatingDirection", inbound ? "inbound" : "outbound");
        node.putArray("divisionIds").add(people.divisionId());
        if (media.equals("voice") && !abandoned) {
            // Floats, as AnalyticsConversation has them (S2); two decimals, written as Jackson writes doubles.
            node.put("mediaStatsMinConversationMos", (250 + random.nextInt(200)) / 100.0);
            node.put("mediaStatsMinConversationRFactor", (5000 + random.nextInt(4300)) / 100.0);
        }
        ArrayNode participants = node.putArray("participants");

        ObjectNode customer = participant(participants, random, inbound ? "customer" : "external", "Customer " + customerNumber.substring(8));
        ObjectNode customerSession = session(customer, random, media, inbound ? "inbound" : "outbound", customerNumber, orgNumber);
        segment(customerSession, start, end, "interact").put("disconnectType", abandoned ? "client" : "peer");

        long cursor = start;
        if (ivr > 0) {
            ObjectNode flow = participant(participants, random, "ivr", "Main menu");
            ObjectNode flowSession = session(flow, random, media, "inbound", customerNumber, orgNumber);
            segment(flowSession, cursor, cursor + ivr, "ivr").put("disconnectType", "transfer");
            cursor += ivr;
        }
        if (queue > 0) {
            ObjectNode acd = participant(participants, random, "acd", queuePerson.name());
            ObjectNode acdSession = session(acd, random, media, "inbound", customerNumber, orgNumber);
            ObjectNode waiting = segment(acdSession, cursor, cursor + queue, "interact");
            waiting.put("queueId", queuePerson.id());
            waiting.put("disconnectType", abandoned ? "client" : "transfer");
            metric(acdSession, abandoned ? "tAbandon" : "tAcd", queue, cursor + queue);
            cursor += queue;
        }
        if (!abandoned) {
            ObjectNode agentNode = participant(participants, random, "agent", agent.name());
            agentNode.put("userId", agent.id());
            ObjectNode agentSession = session(agentNode, random, media, inbound ? "inbound" : "outbound", customerNumber, orgNumber);
            segment(agentSession, cursor, cursor + alert, "alert");
            cursor += alert;
            long talkStart = cursor;
            if (hold > 0) {
                long firstTalk = talk / 2;
                segment(agentSession, cursor, cursor + firstTalk, "interact");
                segment(agentSession, cursor + firstTalk, cursor + firstTalk + hold, "hold");
                segment(agentSession, cursor + firstTalk + hold, cursor + talk + hold, "interact").put("disconnectType", "client");
            } else {
                segment(agentSession, cursor, cursor + talk, "interact").put("disconnectType", "client");
            }
            cursor = talkStart + talk + hold;
            segment(agentSession, cursor, cursor + wrapUp, "wrapup").put("wrapUpCode", wrapUpCodeId(Seeds.pick(random, WRAP_UPS)));
            metric(agentSession, "nConnected", 1, talkStart);
            metric(agentSession, "tAlert", alert, talkStart);
            metric(agentSession, "tTalk", talk, talkStart + talk + hold);
            if (hold > 0) {
                metric(agentSession, "tHeld", hold, talkStart + talk + hold);
            }
            metric(agentSession, "tAcw", wrapUp, end);
        }
        return new Timed(start, end, id, node);
    }

    /** Segments name their wrap-up code by id, as on the platform, not by its display name. */
    private static String wrapUpCodeId(String name) {
        return UUID.nameUUIDFromBytes(("wrapup-code:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static ObjectNode participant(ArrayNode participants, SplittableRandom random, String purpose, String name) {
        ObjectNode participant = participants.addObject();
        participant.put("participantId", Seeds.uuid(random));
        participant.put("participantName", name);
        participant.put("purpose", purpose);
        return participant;
    }

    private static ObjectNode session(ObjectNode participant, SplittableRandom random, String media, String direction,
                                      String ani, String dnis) {
        ObjectNode session = participant.withArray("sessions").addObject();
        session.put("sessionId", Seeds.uuid(random));
        session.put("mediaType", media);
        session.put("direction", direction);
        session.put("ani", ani);
        session.put("dnis", dnis);
        session.putArray("segments");
        session.putArray("metrics");
        return session;
    }

    private static ObjectNode segment(ObjectNode session, long start, long end, String type) {
        ObjectNode segment = ((ArrayNode) session.get("segments")).addObject();
        segment.put("segmentStart", Seeds.iso(start));
        segment.put("segmentEnd", Seeds.iso(end));
        segment.put("segmentType", type);
        return segment;
    }

    private static void metric(ObjectNode session, String name, long value, long emitted) {
        ObjectNode metric = ((ArrayNode) session.get("metrics")).addObject();
        metric.put("name", name);
        metric.put("value", value);
        metric.put("emitDate", Seeds.iso(emitted));
    }
}
