package dev.orgexport.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    private WorkerConfig.Builder builder() {
        return WorkerConfig.builder("worker-1", "127.0.0.1:9092", Path.of("/var/lib/orgexport"));
    }

    @Test
    void the_defaults_are_the_documented_ones() {
        WorkerConfig config = builder().build();

        assertThat(config.concurrency()).isEqualTo(512);
        assertThat(config.dispatch()).isEqualTo(DispatchSettings.DEFAULT);
        assertThat(config.lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.kafka().groupId()).isEqualTo("orgexport-workers");
        assertThat(config.kafka().tasksTopic()).isEqualTo("orgexport.tasks");
        assertThat(config.kafka().deadLetterTopic()).isEqualTo("orgexport.tasks.dlq");
        assertThat(config.kafka().eventsTopic()).isEqualTo("orgexport.events");
        assertThat(config.retry()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void a_heartbeat_too_slow_for_its_lease_is_refused_naming_both() {
        assertThatThrownBy(() -> builder().lease(Duration.ofSeconds(30), Duration.ofSeconds(11)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("worker.heartbeat must be at most a third of worker.lease (PT30S)")
                .hasMessageContaining("but was PT11S");
    }

    @Test
    void a_concurrency_of_zero_is_refused_not_corrected() {
        assertThatThrownBy(() -> builder().concurrency(0).build())
                .hasMessage("worker.concurrency must be between 1 and 4096, but was 0");
    }

    @Test
    void a_worker_id_with_a_slash_is_refused() {
        assertThatThrownBy(() -> WorkerConfig.builder("a/b", "127.0.0.1:9092", Path.of("/tmp")).build())
                .hasMessageContaining("worker.id").hasMessageContaining("'a/b'");
    }

    @Test
    void kafka_settings_the_guarantees_rest_on_cannot_be_overridden() {
        KafkaSettings kafka = KafkaSettings.defaults("127.0.0.1:9092");

        assertThatThrownBy(() -> kafka.withClientProperties(Map.of("enable.auto.commit", "true")))
                .hasMessageContaining("kafka.properties.enable.auto.commit is set by the worker itself");
    }

    @Test
    void client_properties_that_may_hold_credentials_are_masked_when_printed() {
        KafkaSettings kafka = KafkaSettings.defaults("127.0.0.1:9092").withClientProperties(Map.of(
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";",
                "ssl.truststore.password", "hunter3", "compression.type", "zstd"));

        assertThat(builder().kafka(kafka).build().toString())
                .doesNotContain("hunter2").doesNotContain("hunter3").contains("compression.type=zstd");
    }
}
