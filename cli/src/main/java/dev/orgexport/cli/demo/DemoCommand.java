package dev.orgexport.cli.demo;

import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import dev.orgexport.schema.run.RunIds;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.schema.task.TaskCodec;
import dev.orgexport.schema.task.TimeWindow;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code orgexport demo}: everything in one process on an embedded Kafka broker and an embedded
 * PostgreSQL (or {@code ORGEXPORT_JDBC_URL}). Prints each step, leaves no process or port behind.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs orgexport end to end in one process: a real Kafka broker and a real "
                + "PostgreSQL start inside the JVM (ORGEXPORT_JDBC_URL selects another PostgreSQL).",
                "Needs no configuration and leaves nothing running."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long begin = System.nanoTime();
        out.println("orgexport demo");
        try (EmbeddedKafka kafka = EmbeddedKafka.inTemporaryDirectory().start()) {
            out.println("[1/5] Kafka started: " + kafka.description());
            FreshDatabase fresh = PostgresProvider.shared().freshDatabase("demo");
            out.println("[2/5] PostgreSQL ready: " + PostgresProvider.shared().description() + ", database " + fresh.name());
            try (Database database = Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password()))) {
                out.println("[3/5] schema migrated");
                kafka.createTopic(ExportTask.TOPIC, 1);
                ExportTask task = sampleTask();
                publish(kafka.bootstrapServers(), task);
                out.println("[4/5] published task run=" + task.runId() + " org=" + task.orgId() + " kind=" + task.kind()
                        + " window=" + task.window().toInterval());
                ExportTask consumed = consumeOne(kafka.bootstrapServers());
                out.println("[5/5] consumed task run=" + consumed.runId() + " equal to the published one: "
                        + consumed.equals(task));
                if (!consumed.equals(task)) {
                    return 1;
                }
            }
        }
        out.printf("demo finished in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        return 0;
    }

    private static ExportTask sampleTask() {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        TimeWindow window = new TimeWindow(end.minus(Duration.ofHours(1)), end);
        return ExportTask.of(RunIds.of("primary", ExportKind.CONVERSATION_DETAILS, window.start()), "primary",
                ExportKind.CONVERSATION_DETAILS, window, 0, Instant.now(), UUID.randomUUID().toString());
    }

    private static void publish(String bootstrapServers, ExportTask task) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(ExportTask.TOPIC, task.orgId(), new TaskCodec().write(task))).get();
        }
    }

    private static ExportTask consumeOne(String bootstrapServers) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "orgexport-demo", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(ExportTask.TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    return new TaskCodec().read(record.value());
                }
            }
        }
        throw new IllegalStateException("no task consumed from " + ExportTask.TOPIC + " within 30 s");
    }
}
