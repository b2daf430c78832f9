package dev.orgexport.orchestrator.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.kafka.KafkaBroker;
import dev.orgexport.devstack.kafka.KafkaProvider;
import dev.orgexport.devstack.time.SettableClock;
import dev.orgexport.orchestrator.support.Registries;
import dev.orgexport.orchestrator.support.TestDatabase;
import dev.orgexport.orchestrator.support.TestOrchestrators;
import dev.orgexport.schema.outbox.OutboxMessage;
import dev.orgexport.schema.outbox.PostgresOutboxStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orgs spread evenly over a topic's partitions, each org's records on one partition, and two
 * consumers of one group (as two workers) get balanced runs; real broker, real PostgreSQL.
 */
class OrgPartitionsIT {

    private static final int RUNS_PER_ORG = 9;

    private static KafkaBroker kafka;
    private static TestDatabase db;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        kafka = KafkaProvider.shared();
        db = TestDatabase.create("balance");
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void twenty_orgs_on_six_partitions_differ_by_at_most_one_org_and_two_consumers_share_the_runs() throws Exception {
        Spread spread = publishAndConsume("twenty", 20, 6);

        assertEvenAndOnePartitionPerOrg(spread, 20, 6);
        // 20 orgs over 6 partitions: two partitions with 4 orgs, four with 3; with the default (range)
        // assignment the two consumers get partitions 0-2 and 3-5, and the spread order puts one of
        // the fuller partitions in each half: 10 orgs, 90 runs each.
        assertThat(spread.runsPerConsumer()).containsExactly(90, 90);
    }

    @Test
    void twelve_orgs_on_twelve_partitions_get_one_partition_each_and_an_even_split() throws Exception {
        Spread spread = publishAndConsume("twelve", 12, 12);

        assertEvenAndOnePartitionPerOrg(spread, 12, 12);
        assertThat(spread.orgsPerPartition().values()).allMatch(orgs -> orgs.size() == 1);
        assertThat(spread.runsPerConsumer()).containsExactly(54, 54);
    }

    @Test
    void an_org_added_later_takes_the_next_slot_and_existing_slots_stay() {
        SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
        TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, "first.yaml",
                Registries.orgs("later", 3, "eu-west-1", List.of("{kind: audit-events, every: PT1H}"))), false);
        Map<String, Integer> before = slots("later-%");
        // A dry run rolls back and must not use slots up.
        TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, "dry.yaml",
                Registries.orgs("later", 5, "eu-west-1", List.of("{kind: audit-events, every: PT1H}"))), true);
        TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, "second.yaml",
                Registries.orgs("later", 4, "eu-west-1", List.of("{kind: audit-events, every: PT1H}"))), false);

        Map<String, Integer> after = slots("later-%");
        assertThat(after).containsAllEntriesOf(before);
        int othersMax = ((Number) db.query("SELECT max(partition_slot) FROM org WHERE id <> 'later-3'")
                .get(0).get(0)).intValue();
        assertThat(after.get("later-3")).isEqualTo(othersMax + 1);
        assertThat(new HashSet<>(db.query("SELECT partition_slot FROM org"))).hasSize((int) db.count("SELECT count(*) FROM org"));
    }

    private Map<String, Integer> slots(String like) {
        Map<String, Integer> slots = new TreeMap<>();
        for (List<Object> row : db.query("SELECT id, partition_slot FROM org WHERE id LIKE ?", like)) {
            slots.put((String) row.get(0), ((Number) row.get(1)).intValue());
        }
        return slots;
    }

    private static void assertEvenAndOnePartitionPerOrg(Spread spread, int orgs, int partitions) {
        Map<String, Set<Integer>> partitionsPerOrg = new HashMap<>();
        spread.orgsPerPartition().forEach((partition, ids) ->
                ids.forEach(id -> partitionsPerOrg.computeIfAbsent(id, k -> new HashSet<>()).add(partition)));
        assertThat(partitionsPerOrg).hasSize(orgs);
        assertThat(partitionsPerOrg.values()).allMatch(set -> set.size() == 1);
        List<Integer> counts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            counts.add(spread.orgsPerPartition().getOrDefault(p, Set.of()).size());
        }
        assertThat(counts.stream().mapToInt(Integer::intValue).max().orElseThrow()
                - counts.stream().mapToInt(Integer::intValue).min().orElseThrow()).isLessThanOrEqualTo(1);
    }

    /** Orgs seen on each partition, and runs consumed by each of the two consumers. */
    private record Spread(Map<Integer, Set<String>> orgsPerPartition, List<Integer> runsPerConsumer) {
    }

    private Spread publishAndConsume(String prefix, int orgs, int partitions) throws Exception {
        String topic = "balance." + prefix + "." + UUID.randomUUID();
        kafka.createTopic(topic, partitions);
        SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
        TestOrchestrators.registry(db.dataSource(), clock).apply(Registries.write(directory, prefix + ".yaml",
                Registries.orgs(prefix, orgs, "eu-west-1", List.of("{kind: audit-events, every: PT1H}"))), false);
        String group = "balance-" + UUID.randomUUID();
        try (KafkaConsumer<String, byte[]> first = consumer(group);
             KafkaConsumer<String, byte[]> second = consumer(group)) {
            first.subscribe(List.of(topic));
            second.subscribe(List.of(topic));
            awaitAssignment(List.of(first, second), partitions);

            List<OutboxMessage> messages = new ArrayList<>();
            for (int run = 0; run < RUNS_PER_ORG; run++) {
                for (int org = 0; org < orgs; org++) {
                    messages.add(new OutboxMessage(topic, prefix + "-" + org, "{\"run\":" + run + "}"));
                }
            }
            try (Connection connection = db.dataSource().getConnection()) {
                new PostgresOutboxStore(db.dataSource()).append(connection, messages, clock.instant());
            }
            try (OutboxRelay relay = new OutboxRelay(db.dataSource(), clock, RelayConfig.defaults(),
                    () -> new KafkaProducer<>(new ProducerSettings(kafka.bootstrapServers(), "balance-test",
                            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO).properties()),
                    Duration.ofSeconds(15), new SimpleMeterRegistry())) {
                OutboxRelay.Round round = relay.publishOnce();
                assertThat(round.failed()).as("relay round %s", round).isFalse();
                assertThat(round.published()).isEqualTo(orgs * RUNS_PER_ORG);
            }

            Map<Integer, Set<String>> orgsPerPartition = new TreeMap<>();
            int[] runs = new int[2];
            List<KafkaConsumer<String, byte[]>> consumers = List.of(first, second);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (runs[0] + runs[1] < orgs * RUNS_PER_ORG && System.nanoTime() < deadline) {
                for (int c = 0; c < 2; c++) {
                    for (ConsumerRecord<String, byte[]> record : consumers.get(c).poll(Duration.ofMillis(100))) {
                        runs[c]++;
                        orgsPerPartition.computeIfAbsent(record.partition(), p -> new HashSet<>()).add(record.key());
                    }
                }
            }
            assertThat(runs[0] + runs[1]).isEqualTo(orgs * RUNS_PER_ORG);
            System.out.printf("balance: %d orgs x %d runs on %d partitions: orgs per partition %s, runs per consumer"
                            + " %d/%d; hashing the same org ids: orgs per partition %s, runs per consumer %s%n",
                    orgs, RUNS_PER_ORG, partitions, counts(orgsPerPartition, partitions), runs[0], runs[1],
                    counts(hashed(prefix, orgs, partitions), partitions),
                    hashedRunsPerConsumer(prefix, orgs, partitions, first, second));
            return new Spread(orgsPerPartition, List.of(runs[0], runs[1]));
        }
    }

    /** Where Kafka's default partitioner (murmur2 of the key) would put the same org ids. */
    private static Map<Integer, Set<String>> hashed(String prefix, int orgs, int partitions) {
        Map<Integer, Set<String>> result = new TreeMap<>();
        for (int org = 0; org < orgs; org++) {
            String key = prefix + "-" + org;
            int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
            result.computeIfAbsent(partition, p -> new HashSet<>()).add(key);
        }
        return result;
    }

    private static String hashedRunsPerConsumer(String prefix, int orgs, int partitions,
                                                KafkaConsumer<String, byte[]> first, KafkaConsumer<String, byte[]> second) {
        Map<Integer, Set<String>> hashed = hashed(prefix, orgs, partitions);
        int[] runs = new int[2];
        List<KafkaConsumer<String, byte[]>> consumers = List.of(first, second);
        for (int c = 0; c < 2; c++) {
            for (TopicPartition assigned : consumers.get(c).assignment()) {
                runs[c] += hashed.getOrDefault(assigned.partition(), Set.of()).size() * RUNS_PER_ORG;
            }
        }
        return runs[0] + "/" + runs[1];
    }

    private static List<Integer> counts(Map<Integer, Set<String>> orgsPerPartition, int partitions) {
        List<Integer> counts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            counts.add(orgsPerPartition.getOrDefault(p, Set.of()).size());
        }
        return counts;
    }

    private static void awaitAssignment(List<KafkaConsumer<String, byte[]>> consumers, int partitions) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            int assigned = 0;
            boolean everyOneHasSome = true;
            for (KafkaConsumer<String, byte[]> consumer : consumers) {
                consumer.poll(Duration.ofMillis(100));
                assigned += consumer.assignment().size();
                everyOneHasSome &= !consumer.assignment().isEmpty();
            }
            if (everyOneHasSome && assigned == partitions) {
                return;
            }
        }
        throw new AssertionError("the two consumers were not both assigned within 30 s");
    }

    private static KafkaConsumer<String, byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
