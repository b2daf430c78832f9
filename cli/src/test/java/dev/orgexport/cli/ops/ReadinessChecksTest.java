package dev.orgexport.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The readiness checks name the dependency that does not answer. Nothing listens on port 1 of
 * 127.0.0.1, so both checks fail fast (the healthy case is covered by DemoMetricsIT).
 */
class ReadinessChecksTest {

    @Test
    void postgres_check_names_postgresql_when_it_does_not_answer() {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:1/orgexport");
        unreachable.setConnectTimeout(2);

        assertThat(ReadinessChecks.postgres(unreachable).get()).startsWith("PostgreSQL does not answer: ");
    }

    @Test
    void kafka_check_names_kafka_when_it_does_not_answer() {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                AdminClientConfig.CLIENT_ID_CONFIG, "readiness-test",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200"));
        try {
            assertThat(ReadinessChecks.kafka(admin).get()).startsWith("Kafka does not answer: ");
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
