package dev.orgexport.simulator.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.simulator.data.OrgPeople.Person;
import dev.orgexport.simulator.data.RecordQuery.AuditFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Audit events shaped as the platform's AuditLogMessage. Events of an hour come from a stream
 * seeded by (org, hour); a window returns the events whose eventDate falls in [start, end),
 * ordered by eventDate then id, after the service name and filters of the query.
 */
final class AuditGenerator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Template(String service, String entityType, String action, String messageCode, String message) {
    }

    private static final List<Template> TEMPLATES = List.of(
            new Template("PeoplePermissions", "AccessToken", "Authenticate", "ACCESSTOKENCREATE_SUCCESS", "Access token created"),
            new Template("PeoplePermissions", "AccessToken", "Revoke", "ACCESSTOKENREVOKE_SUCCESS", "Access token revoked"),
            new Template("PeoplePermissions", "OAuthClient", "Authorize", "OAUTHCLIENTAUTHORIZE_SUCCESS", "OAuth client authorized"),
            new Template("PeoplePermissions", "Role", "Update", "ROLEUPDATE_SUCCESS", "Role updated"),
            new Template("Routing", "Queue", "Update", "QUEUEUPDATE_SUCCESS", "Queue updated"),
            new Template("Architect", "Flow", "Publish", "FLOWPUBLISH_SUCCESS", "Flow published"),
            new Template("Directory", "User", "Update", "USERUPDATE_SUCCESS", "User updated"),
            new Template("Integrations", "Integration", "Update", "INTEGRATIONUPDATE_SUCCESS", "Integration updated"));
    private static final List<String> APPLICATIONS = List.of("Genesys Cloud Admin", "Platform API", "Architect");

    private final int minPerHour;
    private final int maxPerHour;

    AuditGenerator(int minPerHour, int maxPerHour) {
        this.minPerHour = minPerHour;
        this.maxPerHour = maxPerHour;
    }

    List<ObjectNode> window(RecordQuery query, OrgPeople people) {
        long start = query.start().toEpochMilli();
        long end = query.end().toEpochMilli();
        List<Event> found = new ArrayList<>();
        for (long hour = Seeds.floorHour(start); hour < end; hour += Seeds.HOUR_MILLIS) {
            for (Event event : hour(query.orgId(), people, hour)) {
                if (event.date >= start && event.date < end && matches(event, query)) {
                    found.add(event);
                }
            }
        }
        found.sort(Comparator.comparingLong(Event::date).thenComparing(Event::id));
        return found.stream().map(Event::node).toList();
    }

    private record Event(long date, String id, Template template, String userId, String clientId, String entityId,
                         String status, String level, ObjectNode node) {
    }

    private static boolean matches(Event event, RecordQuery query) {
        if (query.serviceName() != null && !query.serviceName().equals(event.template.service())) {
            return false;
        }
        for (AuditFilter filter : query.filters()) {
            String actual = switch (filter.property()) {
                case "UserId" -> event.userId;
                case "ClientId" -> event.clientId;
                case "EntityId" -> event.entityId;
                case "EntityType" -> event.template.entityType();
                case "Action" -> event.template.action();
                case "Status" -> event.status;
                case "Level" -> event.level;
                default -> throw new IllegalStateException("unsupported filter property " + filter.property());
            };
            if (!filter.value().equals(actual)) {
                return false;
            }
        }
        return true;
    }

    private List<Event> hour(String orgId, OrgPeople people, long hour) {
        SplittableRandom random = Seeds.random(orgId, "audit", hour);
        int count = minPerHour + random.nextInt(maxPerHour - minPerHour + 1);
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(random, orgId, people, hour + random.nextLong(Seeds.HOUR_MILLIS)));
        }
        return events;
    }

    private static Event event(SplittableRandom random, String orgId, OrgPeople people, long date) {
        Template template = Seeds.pick(random, TEMPLATES);
        Person user = Seeds.pick(random, people.users());
        Person client = Seeds.pick(random, people.clients());
        boolean system = template.entityType().equals("AccessToken");
        String status = random.nextInt(20) == 0 ? "FAILURE" : "SUCCESS";
        String entityId = template.entityType().equals("AccessToken") ? client.id() : Seeds.uuid(random);
        String entityName = template.entityType().equals("AccessToken") ? client.name() : template.entityType() + " " + random.nextInt(100);
        String id = Seeds.uuid(random);

        ObjectNode node = JSON.objectNode();
        node.put("id", id);
        node.put("userHomeOrgId", orgId);
        if (!system) {
            ObjectNode userNode = node.putObject("user");
            userNode.put("id", user.id());
            userNode.put("name", user.name());
        }
        node.putObject("client").put("id", client.id());
        node.putArray("remoteIp").add("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
        node.put("serviceName", template.service());
        String level = system ? (random.nextInt(10) == 0 ? "GENESYS_INTERNAL" : "SYSTEM") : "USER";
        node.put("level", level);
        node.put("eventDate", Seeds.iso(date));
        ObjectNode message = node.putObject("message");
        message.put("localizableMessageCode", template.messageCode());
        message.put("message", template.message());
        message.put("messageWithParams", template.message() + " for {entityName}");
        message.putObject("messageParams").put("entityName", entityName);
        node.put("action", template.action());
        ObjectNode entity = node.putObject("entity");
        entity.put("id", entityId);
        entity.put("name", entityName);
        node.put("entityType", template.entityType());
        node.put("status", status);
        node.put("application", Seeds.pick(random, APPLICATIONS));
        node.putObject("initiatingAction").put("transactionId", Seeds.uuid(random));
        node.put("transactionInitiator", random.nextInt(3) != 0);
        var changes = node.putArray("propertyChanges");
        if (template.action().equals("Update")) {
            ObjectNode change = changes.addObject();
            change.put("property", "description");
            change.putArray("oldValues").add("revision " + random.nextInt(50));
            change.putArray("newValues").add("revision " + (50 + random.nextInt(50)));
        }
        var entityChanges = node.putArray("entityChanges");
        if (template.action().equals("Update")) {
            ObjectNode change = entityChanges.addObject();
            change.put("entityId", entityId);
            change.put("entityName", entityName);
            change.putArray("oldValues").add("version " + random.nextInt(50));
            change.putArray("newValues").add("version " + (50 + random.nextInt(50)));
        }
        ObjectNode context = node.putObject("context");
        if (system) {
            context.put("clientName", client.name());
        }
        return new Event(date, id, template, system ? null : user.id(), client.id(), entityId, status,
                level, node);
    }
}
