package dev.orgexport.devstack.kafka;

import dev.orgexport.devstack.DevStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "A Kafka" for integration tests and the demo, whatever the {@link DevStack#mode() mode}:
 * the in-process {@link EmbeddedKafka} by default, the apache/kafka image under Testcontainers
 * with {@code -Dorgexport.devstack=containers}.
 *
 * <pre>{@code
 * KafkaBroker kafka = KafkaProvider.shared();
 * kafka.createTopic("orgexport.tasks", 3);
 * props.put("bootstrap.servers", kafka.bootstrapServers());
 * }</pre>
 *
 * <p>One broker per JVM, started on the first call and stopped by a shutdown hook; tests share
 * it, so they should use their own topic names. Thread-safe.
 */
public final class KafkaProvider {

    private static final Logger log = LoggerFactory.getLogger(KafkaProvider.class);

    private static KafkaBroker shared;

    private KafkaProvider() {
    }

    /**
     * The JVM-wide broker, started on first use.
     *
     * @throws dev.orgexport.devstack.DevStackUnavailableException in containers mode without
     *         Docker (JUnit reports the calling test as skipped)
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            // Not cached on failure: an unavailable backend throws again (and skips) for every caller.
            shared = startShared();
            log.info("Shared Kafka for this JVM: {}", shared.description());
        }
        return shared;
    }

    private static KafkaBroker startShared() {
        if (DevStack.mode() == DevStack.Mode.CONTAINERS) {
            ContainerKafka container = ContainerKafka.start();
            stopOnExit(container::close);
            return container;
        }
        EmbeddedKafka embedded = EmbeddedKafka.inTemporaryDirectory().start();
        stopOnExit(embedded::close);
        return embedded;
    }

    private static void stopOnExit(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } catch (RuntimeException e) {
                log.warn("stopping the shared Kafka broker at JVM exit failed", e);
            }
        }, "devstack-kafka-stop"));
    }
}
