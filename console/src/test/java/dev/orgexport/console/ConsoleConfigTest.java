package dev.orgexport.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orgexport.platform.secret.SecretRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleConfigTest {

    @Test
    void token_and_basic_auth_are_exclusive() {
        assertThatThrownBy(() -> new ConsoleConfig(SecretRef.parse("env:A"), SecretRef.parse("env:B"), false,
                ConsoleConfig.DEFAULT_SESSION_LIFETIME))
                .hasMessage("console.auth.token and console.auth.basic are exclusive: configure one way to sign in, "
                        + "but both were set");
    }

    @Test
    void the_session_lifetime_is_bounded() {
        assertThatThrownBy(() -> new ConsoleConfig(null, null, false, Duration.ZERO))
                .hasMessageContaining("between 1 s and 7 days, but was PT0S");
        assertThatThrownBy(() -> new ConsoleConfig(null, null, false, Duration.ofDays(8)))
                .hasMessageContaining("but was PT192H");
    }

    @Test
    void locked_has_no_way_in() {
        assertThat(ConsoleConfig.locked().authConfigured()).isFalse();
        assertThat(ConsoleConfig.locked().readOnlyWithoutAuth()).isFalse();
        assertThat(new ConsoleConfig(SecretRef.parse("file:/etc/t"), null, false, ConsoleConfig.DEFAULT_SESSION_LIFETIME)
                .authConfigured()).isTrue();
    }
}
