package dev.orgexport.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.orchestrator.outbox.ProducerSettings;
import dev.orgexport.orchestrator.outbox.RelayConfig;
import dev.orgexport.orchestrator.schedule.SchedulerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void defaults_are_the_documented_ones() {
        OrchestratorConfig config = OrchestratorConfig.defaults("127.0.0.1:9092");

        assertThat(config.scheduler().tick()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.relay().batchSize()).isEqualTo(1000);
        assertThat(config.sweeper().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.registry().minEvery()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void a_bad_value_is_refused_with_its_key_rule_and_value() {
        assertThatThrownBy(() -> new SchedulerConfig(Duration.ofMillis(10), 500))
                .hasMessage("orchestrator.scheduler.tick must be between 100ms and 10m, but was PT0.01S");
        assertThatThrownBy(() -> new RelayConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("orchestrator.relay.batch-size must be between 1 and 10000, but was 0");
        assertThatThrownBy(() -> new ProducerSettings("x:1", "c", Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ZERO))
                .hasMessage("orchestrator.kafka.delivery-timeout must be between PT5S and PT10M, but was PT2S");
    }

    @Test
    void relay_backoff_doubles_up_to_its_maximum() {
        RelayConfig config = new RelayConfig(100, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(3));

        assertThat(config.backoffAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.backoffAfter(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.backoffAfter(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.backoffAfter(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.backoffAfter(40)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void the_producer_is_always_idempotent_with_acks_all() {
        Map<String, Object> properties = ProducerSettings.of("127.0.0.1:9092").properties();

        assertThat(properties).containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("max.in.flight.requests.per.connection", 5);
    }

    @Test
    void passthrough_properties_reach_the_producer_but_never_replace_its_guarantees() {
        Map<String, Object> properties = ProducerSettings.of("127.0.0.1:9092")
                .withClientProperties(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "secret-jaas")).properties();

        assertThat(properties).containsEntry("security.protocol", "SASL_SSL").containsEntry("acks", "all");
        assertThat(ProducerSettings.of("x:1").withClientProperties(Map.of("sasl.jaas.config", "secret-jaas")).toString())
                .contains("sasl.jaas.config").doesNotContain("secret-jaas");
        assertThatThrownBy(() -> ProducerSettings.of("x:1").withClientProperties(Map.of("acks", "1")))
                .hasMessageStartingWith("kafka.properties.acks is set by the orchestrator itself");
    }
}
