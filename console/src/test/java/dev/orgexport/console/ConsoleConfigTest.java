package dev.orgexport.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleConfigTest {

    @Test
    void a_literal_secret_is_refused_naming_the_key_and_never_the_value() {
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(Map.of("console.auth.token", "s3cr3t-token-value")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("console.auth.token must be a reference")
                .message().doesNotContain("s3cr3t");
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(Map.of("console.auth.basic", "alice:pw")))
                .hasMessageContaining("console.auth.basic").message().doesNotContain("alice:pw");
    }

    @Test
    void token_and_basic_auth_are_exclusive() {
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(Map.of("console.auth.token", "env:A", "console.auth.basic", "env:B")))
                .hasMessageContaining("exclusive");
    }

    @Test
    void the_read_only_flag_is_true_or_false_and_defaults_to_false() {
        assertThat(ConsoleConfig.fromProperties(Map.of()).readOnlyWithoutAuth()).isFalse();
        assertThat(ConsoleConfig.fromProperties(Map.of()).authConfigured()).isFalse();
        assertThat(ConsoleConfig.fromProperties(Map.of("console.read-only-without-auth", "true")).readOnlyWithoutAuth()).isTrue();
        assertThatThrownBy(() -> ConsoleConfig.fromProperties(Map.of("console.read-only-without-auth", "yes")))
                .hasMessage("console.read-only-without-auth must be true or false, but was 'yes'");
    }

    @Test
    void references_are_parsed() {
        ConsoleConfig config = ConsoleConfig.fromProperties(Map.of("console.auth.token", "file:/etc/orgexport/token"));

        assertThat(config.operatorToken()).hasToString("file:/etc/orgexport/token");
        assertThat(config.authConfigured()).isTrue();
    }
}
