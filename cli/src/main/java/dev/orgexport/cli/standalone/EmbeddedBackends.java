package dev.orgexport.cli.standalone;

import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.DatabaseKeys;
import dev.orgexport.cli.config.KafkaKeys;
import dev.orgexport.devstack.kafka.EmbeddedKafka;
import dev.orgexport.devstack.postgres.PersistentPostgres;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The PostgreSQL and Kafka of {@code standalone}: embedded, with their data under the data
 * directory, unless the configuration names external ones ({@code database.url},
 * {@code kafka.bootstrap-servers}), in which case those are used and nothing is started. Either
 * way the same schema and the same topics are used, so moving from embedded to external needs
 * only configuration (and a copy of the database: see README.md).
 */
final class EmbeddedBackends implements AutoCloseable {

    /** The name of the database standalone keeps its tables in. */
    static final String DATABASE = "orgexport";

    private final PersistentPostgres postgres;
    private final EmbeddedKafka kafka;
    private final Map<String, String> settings;

    private EmbeddedBackends(PersistentPostgres postgres, EmbeddedKafka kafka, Map<String, String> settings) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.settings = settings;
    }

    /** Starts what the configuration does not point elsewhere; {@code step} receives one line per backend. */
    static EmbeddedBackends start(DataDirectory data, Configuration configuration, Consumer<String> step) {
        Map<String, String> settings = new LinkedHashMap<>();
        PersistentPostgres postgres = null;
        EmbeddedKafka kafka = null;
        try {
            if (configuration.isExplicit(DatabaseKeys.URL)) {
                step.accept("PostgreSQL: external, from database.url");
            } else {
                postgres = PersistentPostgres.start(data.postgres());
                settings.put(DatabaseKeys.URL.name(), postgres.database(DATABASE));
                settings.put(DatabaseKeys.USER.name(), postgres.user());
                step.accept("PostgreSQL: " + postgres.description() + ", database " + DATABASE);
            }
            if (configuration.isExplicit(KafkaKeys.BOOTSTRAP_SERVERS)) {
                step.accept("Kafka: external, at " + configuration.get(KafkaKeys.BOOTSTRAP_SERVERS));
            } else {
                kafka = EmbeddedKafka.inDirectory(data.kafka()).start();
                settings.put(KafkaKeys.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
                step.accept("Kafka: " + kafka.description() + ", data in " + data.kafka());
            }
        } catch (RuntimeException e) {
            new EmbeddedBackends(postgres, kafka, settings).close();
            throw e;
        }
        return new EmbeddedBackends(postgres, kafka, settings);
    }

    /** The settings that point the processes at the embedded backends (empty for external ones). */
    Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    /** Stops Kafka, then PostgreSQL; their data stay. */
    @Override
    public void close() {
        try {
            if (kafka != null) {
                kafka.stop();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
