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
        OrchestratorConfig config = OrchestratorConfig.fromProperties(Map.of("kafka.bootstrap-servers", "127.0.0.1:9092"));

        assertThat(config.scheduler().tick()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.relay().batchSize()).isEqualTo(1000);
        assertThat(config.sweeper().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.registry().minEvery()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config).isEqualTo(OrchestratorConfig.defaults("127.0.0.1:9092"));
    }

    @Test
    void a_bad_value_is_refused_with_its_key_rule_and_value() {
        assertThatThrownBy(() -> new SchedulerConfig(Duration.ofMillis(10), 500))
                .hasMessage("orchestrator.scheduler.tick must be between 100ms and 10m, but was PT0.01S");
        assertThatThrownBy(() -> OrchestratorConfig.fromProperties(Map.of("kafka.bootstrap-servers", "x:1",
                "orchestrator.relay.batch-size", "lots")))
                .hasMessage("orchestrator.relay.batch-size must be a whole number, but was 'lots'");
        assertThatThrownBy(() -> new ProducerSettings("x:1", "c", Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ZERO))
                .hasMessage("kafka.producer.delivery-timeout must be between PT5S and PT10M, but was PT2S");
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
}
