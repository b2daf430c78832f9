package dev.orgexport.platform.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SecretResolverTest {

    private static final String SECRET = "s3cr3t-value-that-must-never-show";

    @TempDir
    Path dir;

    @Test
    void an_env_reference_reads_the_variable_each_time_it_is_resolved() {
        Map<String, String> env = new java.util.concurrent.ConcurrentHashMap<>(Map.of("ACME_SECRET", SECRET));
        SecretResolver resolver = new SecretResolver(env::get);
        SecretRef ref = SecretRef.parse("env:ACME_SECRET");

        assertThat(resolver.resolve(ref).reveal()).isEqualTo(SECRET);
        env.put("ACME_SECRET", "rotated");
        assertThat(resolver.resolve(ref).reveal()).isEqualTo("rotated");
    }

    @Test
    void a_file_reference_trims_trailing_newlines_only() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "  " + SECRET + "\r\n\n");

        assertThat(SecretResolver.of(Map.of()).resolve(SecretRef.parse("file:" + file)).reveal())
                .isEqualTo("  " + SECRET);
    }

    @Test
    void a_file_readable_by_others_is_used_but_warned_about_once() throws Exception {
        Path file = dir.resolve("open-secret");
        Files.writeString(file, SECRET + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Logger logger = (Logger) LoggerFactory.getLogger(SecretResolver.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            SecretResolver resolver = SecretResolver.of(Map.of());
            resolver.resolve(SecretRef.parse("file:" + file));
            resolver.resolve(SecretRef.parse("file:" + file));
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).hasSize(1);
        assertThat(appender.list.get(0).getFormattedMessage()).contains("readable by other users").contains(file.toString())
                .doesNotContain(SECRET);
    }

    @Test
    void an_unresolvable_reference_names_the_reference_and_reason_but_no_content() throws Exception {
        SecretResolver resolver = SecretResolver.of(Map.of("EMPTY", ""));
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");

        assertThatThrownBy(() -> resolver.resolve(SecretRef.parse("env:MISSING")))
                .isInstanceOf(SecretUnavailableException.class).hasMessageContaining("env:MISSING").hasMessageContaining("not set");
        assertThatThrownBy(() -> resolver.resolve(SecretRef.parse("env:EMPTY"))).hasMessageContaining("empty");
        assertThatThrownBy(() -> resolver.resolve(SecretRef.parse("file:" + dir.resolve("absent"))))
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> resolver.resolve(SecretRef.parse("file:" + empty))).hasMessageContaining("empty");
    }

    @Test
    void a_secret_never_shows_in_to_string() {
        Secret secret = SecretResolver.of(Map.of("X", SECRET)).resolve(SecretRef.parse("env:X"));

        assertThat(secret.toString()).doesNotContain(SECRET).contains("masked");
        assertThat(String.valueOf(SecretRef.parse("env:X"))).isEqualTo("env:X");
    }

    @Test
    void references_follow_the_org_table_syntax() {
        assertThat(SecretRef.parse("file:/run/secrets/acme")).isEqualTo(new SecretRef(SecretRef.Scheme.FILE, "/run/secrets/acme"));
        assertThatThrownBy(() -> SecretRef.parse("vault:acme")).hasMessageContaining("env:NAME or file:/path");
        assertThatThrownBy(() -> SecretRef.parse("hunter2")).hasMessageContaining("not a reference")
                .message().doesNotContain("hunter2");
        assertThatThrownBy(() -> SecretRef.parse("env:1BAD")).hasMessageContaining("must name a variable")
                .message().doesNotContain("1BAD");
        assertThatThrownBy(() -> SecretRef.parse("file:relative/path")).hasMessageContaining("absolute");
    }
}
