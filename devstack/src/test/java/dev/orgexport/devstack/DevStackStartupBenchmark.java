package dev.orgexport.devstack;

import dev.orgexport.devstack.kafka.ChildProcessKafka;
import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.PostgresProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Prints how long the dev-stack backends take to become usable on this machine (medians of a
 * few rounds; the first in-process start also pays class loading). Run with:
 * <pre>
 * ./mvnw -q -Dorgexport.target=target-devstack -pl devstack test-compile exec:java \
 *   -Dexec.classpathScope=test -Dexec.mainClass=dev.orgexport.devstack.DevStackStartupBenchmark
 * </pre>
 */
public final class DevStackStartupBenchmark {

    private static final int ROUNDS = 3;

    private DevStackStartupBenchmark() {
    }

    public static void main(String[] args) {
        inProcessKafka();
        childProcessKafka();
        postgres();
    }

    private static void inProcessKafka() {
        List<Long> fresh = new ArrayList<>();
        List<Long> stops = new ArrayList<>();
        List<Long> restarts = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            try (EmbeddedKafka kafka = EmbeddedKafka.inTemporaryDirectory().start()) {
                fresh.add(kafka.lastStartMillis());
                long begin = System.nanoTime();
                kafka.stop();
                stops.add(millisSince(begin));
                kafka.start();
                restarts.add(kafka.lastStartMillis());
            }
        }
        print("in-process Kafka, first start in this JVM (format + start)", List.of(fresh.get(0)));
        print("in-process Kafka, later fresh starts (format + start)", fresh.subList(1, fresh.size()));
        print("in-process Kafka, clean stop", stops);
        print("in-process Kafka, start again on the same directory", restarts);
    }

    private static void childProcessKafka() {
        List<Long> restarts = new ArrayList<>();
        try (ChildProcessKafka kafka = ChildProcessKafka.inTemporaryDirectory().start()) {
            print("child-JVM Kafka, first start (StorageTool format JVM + broker JVM)", List.of(kafka.lastStartMillis()));
            for (int round = 0; round < ROUNDS; round++) {
                kafka.kill9();
                kafka.start();
                restarts.add(kafka.lastStartMillis());
            }
        }
        print("child-JVM Kafka, restart after kill -9 (same directory)", restarts);
    }

    private static void postgres() {
        long begin = System.nanoTime();
        PostgresProvider postgres = PostgresProvider.shared();
        print("PostgreSQL server, start until first query (" + postgres.description() + ")", List.of(millisSince(begin)));
        List<Long> creates = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            long createBegin = System.nanoTime();
            postgres.freshDatabase("benchmark");
            creates.add(millisSince(createBegin));
        }
        print("PostgreSQL fresh database", creates);
    }

    private static void print(String what, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "%-90s median %5d ms  (n=%d, min %d, max %d)",
                what, sorted.get(sorted.size() / 2), sorted.size(), sorted.get(0), sorted.get(sorted.size() - 1)));
    }

    private static long millisSince(long nanoTimeStart) {
        return (System.nanoTime() - nanoTimeStart) / 1_000_000;
    }
}
