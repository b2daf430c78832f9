package dev.orgexport.cli.process;

import dev.orgexport.schema.event.ExportEvent;
import dev.orgexport.schema.task.ExportTask;
import dev.orgexport.worker.KafkaSettings;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates orgexport's topics when they are missing, with the configured partitions and
 * replication factor; existing topics are left as they are.
 */
public final class Topics {

    public static final List<String> ALL = List.of(ExportTask.TOPIC, KafkaSettings.DEFAULT_DLQ_TOPIC, ExportEvent.TOPIC);

    private Topics() {
    }

    static void ensure(Admin admin, ProcessSettings settings) throws InterruptedException {
        int partitions = settings.partitions();
        short replication = (short) settings.replicationFactor();
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = ALL.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replication)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the Kafka topics " + ALL + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrapServers()
                    + " did not answer within 30 s", e);
        }
    }
}
