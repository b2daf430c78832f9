package dev.orgexport.simulator.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.simulator.data.OrgPeople.Person;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * User details: per user, the presence and routing-status records overlapping the window. Each
 * user's records of an hour are drawn from a stream seeded by (org, user, hour) and stay inside
 * that hour. One record per user with at least one status in the window, ordered by user id.
 */
final class UserDetailsGenerator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    List<ObjectNode> window(String orgId, OrgPeople people, long start, long end) {
        List<ObjectNode> users = new ArrayList<>();
        for (Person user : people.users()) {
            ObjectNode node = JSON.objectNode();
            node.put("userId", user.id());
            ArrayNode presence = node.putArray("primaryPresence");
            ArrayNode routing = node.putArray("routingStatus");
            for (long hour = Seeds.floorHour(start); hour < end; hour += Seeds.HOUR_MILLIS) {
                hour(orgId, people, user, hour, start, end, presence, routing);
            }
            if (!presence.isEmpty() || !routing.isEmpty()) {
                users.add(node);
            }
        }
        return users;
    }

    private static void hour(String orgId, OrgPeople people, Person user, long hour, long start, long end,
                             ArrayNode presence, ArrayNode routing) {
        SplittableRandom random = Seeds.random(orgId, "user", user.id(), hour);
        if (random.nextInt(10) >= 7) {
            return;
        }
        long[] presenceCuts = cuts(random, hour, 1 + random.nextInt(3));
        for (int i = 0; i + 1 < presenceCuts.length; i++) {
            int kind = random.nextInt(OrgPeople.PresenceKinds.SYSTEM_PRESENCES.size());
            if (presenceCuts[i] < end && presenceCuts[i + 1] > start) {
                ObjectNode record = presence.addObject();
                record.put("startTime", Seeds.iso(presenceCuts[i]));
                record.put("endTime", Seeds.iso(presenceCuts[i + 1]));
                record.put("systemPresence", OrgPeople.PresenceKinds.SYSTEM_PRESENCES.get(kind));
                record.put("organizationPresenceId", people.presenceIds().get(kind));
            }
        }
        long[] routingCuts = cuts(random, hour, 1 + random.nextInt(4));
        for (int i = 0; i + 1 < routingCuts.length; i++) {
            String status = Seeds.pick(random, OrgPeople.PresenceKinds.ROUTING_STATUSES);
            if (routingCuts[i] < end && routingCuts[i + 1] > start) {
                ObjectNode record = routing.addObject();
                record.put("startTime", Seeds.iso(routingCuts[i]));
                record.put("endTime", Seeds.iso(routingCuts[i + 1]));
                record.put("routingStatus", status);
            }
        }
    }

    /** {@code parts} consecutive intervals inside the hour, as their boundaries in ascending order. */
    private static long[] cuts(SplittableRandom random, long hour, int parts) {
        long[] cuts = new long[parts + 1];
        cuts[0] = hour + random.nextLong(600_000);
        cuts[parts] = hour + Seeds.HOUR_MILLIS - random.nextLong(600_000) - 1;
        long span = (cuts[parts] - cuts[0]) / parts;
        for (int i = 1; i < parts; i++) {
            cuts[i] = cuts[0] + span * i + random.nextLong(Math.max(1, span / 2));
        }
        return cuts;
    }
}
