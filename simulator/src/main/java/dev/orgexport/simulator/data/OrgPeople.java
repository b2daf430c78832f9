package dev.orgexport.simulator.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An org's generated users, queues, division and presence definitions, all derived from the org id.
 * Users are sorted by id, the order in which user details are paged.
 */
record OrgPeople(String divisionId, List<Person> users, List<Person> queues, List<Person> clients,
                 List<String> presenceIds) {

    record Person(String id, String name) {
    }

    private static final List<String> FIRST = List.of("Ana", "Zoë", "José", "Søren", "Aiko", "Liam", "Chloé", "Mateus",
            "Priya", "Noah", "Ingrid", "Tomás", "Fatima", "Ólafur", "Mei", "Lukas");
    private static final List<String> LAST = List.of("García", "Müller", "Østergaard", "Tanaka", "Smith", "Dubois",
            "Silva", "Sharma", "O'Brien", "Nowak", "Jónsson", "Chen", "Rossi", "Kowalski", "Fernández", "Berg");
    private static final List<String> QUEUE_NAMES = List.of("Support", "Sales", "Billing", "Retention");
    private static final List<String> CLIENT_NAMES = List.of("Salesforce sync", "Nightly export", "WFM connector");

    static OrgPeople of(String orgId, int userCount) {
        SplittableRandom random = Seeds.random(orgId, "people");
        String division = Seeds.uuid(random);
        List<Person> users = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            users.add(new Person(Seeds.uuid(random), Seeds.pick(random, FIRST) + " " + Seeds.pick(random, LAST)));
        }
        users.sort(Comparator.comparing(Person::id));
        List<Person> queues = new ArrayList<>();
        for (String name : QUEUE_NAMES) {
            queues.add(new Person(Seeds.uuid(random), name));
        }
        List<Person> clients = new ArrayList<>();
        for (String name : CLIENT_NAMES) {
            clients.add(new Person(Seeds.uuid(random), name));
        }
        List<String> presences = new ArrayList<>();
        for (int i = 0; i < PresenceKinds.SYSTEM_PRESENCES.size(); i++) {
            presences.add(Seeds.uuid(random));
        }
        return new OrgPeople(division, List.copyOf(users), List.copyOf(queues), List.copyOf(clients), List.copyOf(presences));
    }

    /** The system presences and routing statuses the platform reports. */
    static final class PresenceKinds {
        static final List<String> SYSTEM_PRESENCES = List.of("AVAILABLE", "AWAY", "BUSY", "ON_QUEUE", "MEAL", "TRAINING",
                "MEETING", "BREAK");
        static final List<String> ROUTING_STATUSES = List.of("OFF_QUEUE", "IDLE", "INTERACTING", "NOT_RESPONDING",
                "COMMUNICATING");

        private PresenceKinds() {
        }
    }
}
