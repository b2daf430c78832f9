package dev.orgexport.cli.process;

import ch.qos.logback.classic.Level;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.DatabaseBinding;
import dev.orgexport.cli.config.KafkaBinding;
import dev.orgexport.cli.config.KafkaKeys;
import dev.orgexport.cli.config.ProcessKeys;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.db.DatabaseConfig;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What every long-running process reads besides its own component's keys: PostgreSQL, the Kafka
 * cluster (servers, passthrough client properties with secrets resolved, topic shape), the
 * operations port and the log level. Read once at start; {@link #toString()} never shows a
 * secret.
 */
record ProcessSettings(DatabaseConfig database, String bootstrapServers, Map<String, String> kafkaClientProperties,
                       int partitions, int replicationFactor, int httpPort, Level logLevel) {

    static ProcessSettings read(Configuration c, SecretResolver secrets) {
        String level = c.get(ProcessKeys.LOG_LEVEL).toUpperCase(Locale.ROOT);
        Level logLevel = Level.toLevel(level, null);
        if (logLevel == null) {
            throw c.invalid(ProcessKeys.LOG_LEVEL.name(), false, "must be TRACE, DEBUG, INFO, WARN or ERROR");
        }
        int port = c.get(ProcessKeys.HTTP_PORT);
        if (port < 0 || port > 65_535) {
            throw c.invalid(ProcessKeys.HTTP_PORT.name(), false, "must be between 0 and 65535");
        }
        int partitions = c.get(KafkaKeys.PARTITIONS);
        if (partitions < 1 || partitions > 10_000) {
            throw c.invalid(KafkaKeys.PARTITIONS.name(), false, "must be between 1 and 10000");
        }
        int replication = c.get(KafkaKeys.REPLICATION_FACTOR);
        if (replication < 1 || replication > 32) {
            throw c.invalid(KafkaKeys.REPLICATION_FACTOR.name(), false, "must be between 1 and 32");
        }
        return new ProcessSettings(DatabaseBinding.config(c, secrets), c.get(KafkaKeys.BOOTSTRAP_SERVERS),
                KafkaBinding.clientProperties(c, secrets), partitions, replication, port, logLevel);
    }

    @Override
    public String toString() {
        return "ProcessSettings[database=" + database + ", bootstrapServers=" + bootstrapServers
                + ", kafkaClientProperties=" + new TreeSet<>(kafkaClientProperties.keySet()) + ", partitions=" + partitions
                + ", replicationFactor=" + replicationFactor + ", httpPort=" + httpPort + ", logLevel=" + logLevel + "]";
    }
}
