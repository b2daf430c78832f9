package dev.orgexport.cli.process;

import dev.orgexport.cli.config.ConfigException;
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
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates orgexport's topics when they are missing, with the configured partitions and
 * replication factor; existing topics are left as they are.
 */
public final class Topics {

    public static final List<String> ALL = List.of(ExportTask.TOPIC, KafkaSettings.DEFAULT_DLQ_TOPIC, ExportEvent.TOPIC);

    private Topics() {
    }

    /**
     * The broker refused the credentials. Names the keys to check, never their values; Kafka's
     * own message says what the broker saw (mechanism, "invalid credentials") without secrets.
     */
    static ConfigException authenticationRefused(ProcessSettings settings, AuthenticationException e) {
        String keys = settings.kafkaClientProperties().containsKey("sasl.jaas.config")
                ? "kafka.properties.sasl.jaas.config (user name and password), kafka.properties.sasl.mechanism"
                : "kafka.properties.security.protocol, kafka.properties.sasl.mechanism and kafka.properties.sasl.jaas.config "
                        + "(none is set)";
        return new ConfigException("Kafka at " + settings.bootstrapServers() + " refused orgexport's credentials ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check " + keys);
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
            if (e.getCause() instanceof AuthenticationException refused) {
                throw authenticationRefused(settings, refused);
            }
            if (e.getCause() instanceof AuthorizationException denied) {
                throw new ConfigException("Kafka at " + settings.bootstrapServers() + " authenticated orgexport but denied it ("
                        + denied.getClass().getSimpleName() + "): grant the principal of kafka.properties.sasl.jaas.config "
                        + "(or the TLS certificate) describe/create on the topics " + ALL + " and the group");
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the Kafka topics " + ALL + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrapServers()
                    + " did not answer within 30 s: check kafka.bootstrap-servers, and that kafka.properties.security.protocol "
                    + "matches the broker's listener (PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL)", e);
        }
    }
}
