package dev.orgexport.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orgexport.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file plus environment variables, as every command reads them. */
class ConfigurationTest {

    @TempDir
    Path directory;

    @Test
    void an_unknown_key_is_an_error_naming_the_file_and_line() throws IOException {
        Path file = write("orgexport.conf", "# database\n", "database.url = jdbc:postgresql://db/orgexport\n",
                "\n", "database.passwd = env:PGPASSWORD\n");

        assertThatThrownBy(() -> Configuration.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":4: ")
                .hasMessageContaining("unknown setting 'database.passwd'");
    }

    @Test
    void a_line_without_equals_sign_is_an_error_naming_the_file_and_line() throws IOException {
        Path file = write("orgexport.conf", "worker.concurrency = 4\n", "worker.page-size 100\n");

        assertThatThrownBy(() -> Configuration.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2: ")
                .hasMessageContaining("expected 'key = value'");
    }

    @Test
    void an_environment_variable_wins_over_the_file() throws IOException {
        Path file = write("orgexport.conf", "worker.concurrency = 4\n", "database.user = from-file\n");

        Configuration configuration = Configuration.load(file, Map.of("ORGEXPORT_WORKER_CONCURRENCY", " 16 ",
                "ORGEXPORT_DATABASE_URL", "jdbc:postgresql://env-db/orgexport"));

        assertThat(configuration.get(WorkerKeys.CONCURRENCY)).isEqualTo(16);
        assertThat(configuration.get(DatabaseKeys.URL)).isEqualTo("jdbc:postgresql://env-db/orgexport");
        assertThat(configuration.get(DatabaseKeys.USER)).isEqualTo("from-file");
    }

    @Test
    void unset_settings_take_their_documented_default_or_are_absent() {
        Configuration configuration = Configuration.load(null, Map.of());

        assertThat(configuration.get(DatabaseKeys.USER)).isEqualTo("orgexport");
        assertThat(configuration.get(WorkerKeys.LEASE)).isEqualTo(Duration.ofMinutes(2));
        assertThat(configuration.find(DatabaseKeys.PASSWORD)).isEmpty();
        assertThatThrownBy(() -> configuration.get(DatabaseKeys.URL))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.url").hasMessageContaining("ORGEXPORT_DATABASE_URL");
    }

    @Test
    void an_invalid_value_names_the_key_the_rule_and_where_it_came_from() throws IOException {
        Path file = write("orgexport.conf", "worker.page-size = 1000\n", "worker.lease = two minutes\n");
        Configuration configuration = Configuration.load(file, Map.of("ORGEXPORT_WORKER_CONCURRENCY", "lots"));

        assertThatThrownBy(() -> configuration.get(WorkerKeys.LEASE))
                .hasMessage("worker.lease must be a duration such as PT30S, P7D, 500ms, 30s, 2m, 2h or 7d, "
                        + "but was 'two minutes' (from " + file + ":2)");
        assertThatThrownBy(() -> configuration.get(WorkerKeys.CONCURRENCY))
                .hasMessageContaining("must be a whole number")
                .hasMessageContaining("environment variable ORGEXPORT_WORKER_CONCURRENCY");
    }

    @Test
    void a_command_given_a_file_with_an_unknown_key_fails_with_that_line_and_opens_nothing() throws IOException {
        Path file = write("orgexport.conf", "database.url = jdbc:postgresql://127.0.0.1:1/none\n", "databse.user = me\n");

        CliRun.Result result = CliRun.run("orgs", "list", "--config", file.toString());

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
        assertThat(result.errLines()).as(result.printed()).singleElement().asString()
                .startsWith("orgexport: " + file + ":2: unknown setting 'databse.user'");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void a_command_without_a_database_url_names_the_setting_and_its_variable() throws IOException {
        assumeTrue(System.getenv(DatabaseKeys.URL.environmentVariable()) == null,
                "ORGEXPORT_DATABASE_URL is set in this environment");
        Path file = write("orgexport.conf", "database.user = orgexport\n");

        CliRun.Result result = CliRun.run("runs", "--config", file.toString());

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
        assertThat(result.err()).as(result.printed()).isEqualTo("orgexport: setting database.url is required: set it in the "
                + "configuration file or as ORGEXPORT_DATABASE_URL\n");
    }

    @Test
    void a_range_is_checked_by_the_module_record_and_named_by_key() throws IOException {
        Path file = write("orgexport.conf", "worker.page-size = 1000\n");
        Configuration configuration = Configuration.load(file, Map.of());

        assertThatThrownBy(() -> WorkerBinding.config(configuration, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("worker.page-size must be between 1 and 500, but was 1000");
    }

    @Test
    void a_platform_range_is_named_by_its_key() throws IOException {
        Path file = write("orgexport.conf", "platform.breaker.minimum-calls = 30\n");

        assertThatThrownBy(() -> PlatformConfiguration.from(Configuration.load(file, Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("platform.breaker.minimum-calls must be between 1 and platform.breaker.sliding-window-size (20), "
                        + "but was 30");
    }

    @Test
    void the_effective_configuration_shows_references_but_never_a_secret() {
        Configuration configuration = Configuration.load(null, Map.of("ORGEXPORT_DATABASE_PASSWORD", "env:PGPASSWORD",
                "ORGEXPORT_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "file:/run/secrets/jaas",
                "ORGEXPORT_KAFKA_PROPERTIES_SSL_KEY_PASSWORD", "literal-secret",
                "ORGEXPORT_WORKER_CONCURRENCY", "12"));

        assertThat(configuration.describe()).isEqualTo("database.password=env:PGPASSWORD, "
                + "kafka.properties.sasl.jaas.config=file:/run/secrets/jaas, kafka.properties.ssl.key.password=<masked>, "
                + "worker.concurrency=12");
    }

    @Test
    void durations_are_read_in_iso_and_short_form() throws IOException {
        Path file = write("orgexport.conf", "worker.lease = 3m\n", "worker.heartbeat = PT20S\n",
                "worker.kafka.poll-timeout = 250ms\n", "worker.max-window = 7d\n");
        Configuration configuration = Configuration.load(file, Map.of());

        assertThat(configuration.get(WorkerKeys.LEASE)).isEqualTo(Duration.ofMinutes(3));
        assertThat(configuration.get(WorkerKeys.HEARTBEAT)).isEqualTo(Duration.ofSeconds(20));
        assertThat(configuration.get(WorkerKeys.KAFKA_POLL_TIMEOUT)).isEqualTo(Duration.ofMillis(250));
        assertThat(configuration.get(WorkerKeys.MAX_WINDOW)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void tuning_keys_the_module_readmes_document_reach_the_records() throws IOException {
        Path file = write("orgexport.conf", "platform.breaker.failure-rate-threshold = 50\n",
                "platform.breaker.transient-open-wait = 45s\n", "platform.rate-limit.budget = 600\n",
                "platform.rate-limit.headroom = 0.2\n", "platform.token.refresh-at = 0.5\n",
                "platform.http.request-timeout = 10s\n", "worker.retry.max-attempts = 3\n",
                "worker.kafka.max-poll-records = 20\n");
        Configuration configuration = Configuration.load(file, Map.of());

        var platform = PlatformConfiguration.from(configuration);
        var worker = WorkerBinding.config(configuration, Map.of());

        assertThat(platform.resilience().breaker().failureRateThreshold()).isEqualTo(50f);
        assertThat(platform.resilience().breaker().transientOpenWait()).isEqualTo(Duration.ofSeconds(45));
        assertThat(platform.resilience().rateLimit().budget()).isEqualTo(600);
        assertThat(platform.resilience().rateLimit().headroom()).isEqualTo(0.2);
        assertThat(platform.tokens().refreshAt()).isEqualTo(0.5);
        assertThat(platform.api().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(worker.retry().maxAttempts()).isEqualTo(3);
        assertThat(worker.kafka().maxPollRecords()).isEqualTo(20);
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(directory.resolve(name), String.join("", lines));
    }
}
