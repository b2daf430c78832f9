package dev.orgexport.schema.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void text_postgresql_can_store_is_left_alone() {
        SafeText safe = SafeText.of("org-a \u00e9\u00e8 \uD83D\uDE00 tab\there");
        assertThat(safe.replaced()).isFalse();
        assertThat(safe.text()).isEqualTo("org-a \u00e9\u00e8 \uD83D\uDE00 tab\there");
        assertThat(SafeText.of(null)).isEqualTo(new SafeText(null, false));
    }

    @Test
    void nul_and_lone_surrogates_are_replaced_and_flagged() {
        assertThat(SafeText.of("a\u0000b")).isEqualTo(new SafeText("a\uFFFDb", true));
        assertThat(SafeText.of("x\uD800y")).isEqualTo(new SafeText("x\uFFFDy", true));
        assertThat(SafeText.of("x\uDC00")).isEqualTo(new SafeText("x\uFFFD", true));
        assertThat(SafeText.of("end\uD83D")).isEqualTo(new SafeText("end\uFFFD", true));
        assertThat(SafeText.of("\u0000\uD83D\uDE00\u0000").text()).isEqualTo("\uFFFD\uD83D\uDE00\uFFFD");
    }

    @Test
    void log_text_escapes_control_characters_and_is_cut() {
        assertThat(SafeText.forLog("a\nforged line\r\u0000", 100)).isEqualTo("a\\u000aforged line\\u000d\\ufffd".replace("\\ufffd", "\uFFFD"));
        assertThat(SafeText.forLog("x".repeat(50), 10)).isEqualTo("x".repeat(10) + "...");
        assertThat(SafeText.forLog(null, 10)).isEqualTo("null");
    }
}
