package dev.orgexport.devstack.kafka;

import static dev.orgexport.devstack.kafka.KafkaRoundTrip.millisSince;
import static dev.orgexport.devstack.kafka.KafkaRoundTrip.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChildProcessKafkaIT {

    private static final int RECORDS = 1000;

    @Test
    void every_acknowledged_record_survives_a_kill_9_of_the_broker_process() throws Exception {
        try (ChildProcessKafka kafka = ChildProcessKafka.inTemporaryDirectory().start()) {
            System.out.println("[ChildProcessKafkaIT] Kafka: " + kafka.description() + ", pid " + kafka.pid());
            kafka.createTopic("crash", 3);
            List<String> acknowledged = KafkaRoundTrip.produceAcknowledged(
                    kafka.bootstrapServers(), "crash", numbered("crash", RECORDS));
            assertThat(acknowledged).hasSize(RECORDS);

            long killedPid = kafka.pid();
            long killBegin = System.nanoTime();
            kafka.kill9();
            long killMillis = millisSince(killBegin);
            Optional<ProcessHandle> killed = ProcessHandle.of(killedPid);
            assertThat(killed.isEmpty() || !killed.get().isAlive()).as("pid %d is gone", killedPid).isTrue();

            kafka.restart();
            System.out.println("[ChildProcessKafkaIT] kill -9 of pid " + killedPid + " took " + killMillis
                    + " ms; restart on the same directory (new pid " + kafka.pid() + ") took "
                    + kafka.lastStartMillis() + " ms");

            assertThat(kafka.pid()).isNotEqualTo(killedPid);
            List<String> read = KafkaRoundTrip.readFromBeginning(
                    kafka.bootstrapServers(), "crash", RECORDS, Duration.ofSeconds(60));
            // Nothing acknowledged is lost, and the idempotent producer wrote nothing twice.
            assertThat(read).containsExactlyInAnyOrderElementsOf(acknowledged);
        }
    }
}
