package dev.orgexport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orgexport.cli.config.ConfigException;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.DatabaseBinding;
import dev.orgexport.cli.config.KafkaBinding;
import dev.orgexport.platform.secret.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A secret given where a reference belongs is refused, and the message names the key and never
 * the value: not on stderr, not on stdout, not in any log line. Each secret-bearing key is tried
 * from a configuration file (through the real command line) and from its environment variable.
 */
class SecretValuesNeverShownTest {

    private static final String LITERAL = "hunter2-Sup3rSecret";
    /** Every key whose value must be a reference. */
    private static final List<String> SECRET_KEYS = List.of("database.password", "kafka.properties.sasl.jaas.config",
            "kafka.properties.ssl.keystore.password", "kafka.properties.ssl.key.password",
            "kafka.properties.ssl.truststore.password", "kafka.properties.ssl.keystore.key",
            "kafka.properties.sasl.oauthbearer.client.credentials.client.secret");

    @TempDir
    Path directory;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logs);
    }

    @Test
    void a_literal_secret_in_the_configuration_file_is_refused_naming_the_key_only() throws IOException {
        for (String key : SECRET_KEYS) {
            Path file = Files.writeString(directory.resolve("orgexport.conf"),
                    "database.url = jdbc:postgresql://127.0.0.1:1/none\n" + key + " = " + LITERAL + "\n");
            String command = key.startsWith("kafka.") ? "worker" : "runs";

            CliRun.Result result = CliRun.run(command, "--config", file.toString());

            assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
            assertThat(result.err()).as(result.printed()).startsWith("orgexport: " + key + " must be a secret reference")
                    .contains("from " + file + ":2").contains("not shown");
            assertNeverShown(result.out() + result.err());
        }
    }

    @Test
    void a_literal_secret_in_an_environment_variable_is_refused_naming_the_key_and_the_variable_only() {
        for (String key : SECRET_KEYS) {
            String variable = "ORGEXPORT_" + key.toUpperCase().replace('.', '_').replace('-', '_');
            Configuration configuration = Configuration.load(null, Map.of(variable, LITERAL,
                    "ORGEXPORT_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none"));

            Throwable refused = catchThrowable(() -> {
                DatabaseBinding.config(configuration, SecretResolver.of(Map.of()));
                KafkaBinding.clientProperties(configuration, SecretResolver.of(Map.of()));
            });

            assertThat(refused).as(key).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(key + " must be a secret reference").hasMessageContaining(variable);
            assertNeverShown(refused.getMessage());
        }
    }

    @Test
    void a_malformed_line_or_reference_never_shows_the_secret_it_may_hold() throws IOException {
        Path noEquals = Files.writeString(directory.resolve("a.conf"), "database.password " + LITERAL + "\n");
        Path badEnvName = Files.writeString(directory.resolve("b.conf"), "database.url = jdbc:postgresql://127.0.0.1:1/x\n"
                + "database.password = env:" + LITERAL + "\n");
        Path relativeFile = Files.writeString(directory.resolve("c.conf"), "database.url = jdbc:postgresql://127.0.0.1:1/x\n"
                + "database.password = file:" + LITERAL + "\n");

        for (Path file : List.of(noEquals, badEnvName, relativeFile)) {
            CliRun.Result result = CliRun.run("runs", "--config", file.toString());

            assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
            assertThat(result.err()).as(result.printed()).contains(file + ":");
            assertNeverShown(result.out() + result.err());
        }
    }

    @Test
    void a_reference_to_a_missing_secret_names_the_key_and_the_reference() {
        Configuration configuration = Configuration.load(null, Map.of("ORGEXPORT_DATABASE_URL", "jdbc:postgresql://h/db",
                "ORGEXPORT_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "env:KAFKA_JAAS"));

        Throwable missing = catchThrowable(() -> KafkaBinding.clientProperties(configuration, SecretResolver.of(Map.of())));

        assertThat(missing).isInstanceOf(ConfigException.class)
                .hasMessage("kafka.properties.sasl.jaas.config: secret reference env:KAFKA_JAAS cannot be resolved: "
                        + "the environment variable is not set");
    }

    @Test
    void referenced_kafka_secrets_are_resolved_and_other_properties_pass_through() {
        Configuration configuration = Configuration.load(null, Map.of(
                "ORGEXPORT_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "env:KAFKA_JAAS",
                "ORGEXPORT_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
                "ORGEXPORT_KAFKA_PROPERTIES_SASL_MECHANISM", "PLAIN"));

        Map<String, String> properties = KafkaBinding.clientProperties(configuration,
                SecretResolver.of(Map.of("KAFKA_JAAS", "jaas-line")));

        assertThat(properties).containsOnly(Map.entry("sasl.jaas.config", "jaas-line"),
                Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "PLAIN"));
    }

    private void assertNeverShown(String printed) {
        String logged = logs.list.stream().map(e -> e.getFormattedMessage() + " " + (e.getThrowableProxy() == null ? ""
                : e.getThrowableProxy().getMessage())).collect(Collectors.joining("\n"));
        assertThat(printed).doesNotContain(LITERAL).doesNotContain("hunter2");
        assertThat(logged).doesNotContain(LITERAL).doesNotContain("hunter2");
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
