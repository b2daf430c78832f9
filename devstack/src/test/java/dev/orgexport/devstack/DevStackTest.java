package dev.orgexport.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DevStackTest {

    @Test
    void an_unset_or_embedded_mode_means_embedded_backends() {
        assertThat(DevStack.parseMode(null)).isEqualTo(DevStack.Mode.EMBEDDED);
        assertThat(DevStack.parseMode("")).isEqualTo(DevStack.Mode.EMBEDDED);
        assertThat(DevStack.parseMode("embedded")).isEqualTo(DevStack.Mode.EMBEDDED);
        assertThat(DevStack.parseMode("containers")).isEqualTo(DevStack.Mode.CONTAINERS);
    }

    @Test
    void an_unknown_mode_is_refused_with_the_property_name_and_value() {
        assertThatThrownBy(() -> DevStack.parseMode("docker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property orgexport.devstack must be 'embedded' or 'containers', but was 'docker'");
    }
}
