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

        assertThat(configuration.getInt(Settings.WORKER_CONCURRENCY, 1, 256)).isEqualTo(16);
        assertThat(configuration.require(Settings.DATABASE_URL)).isEqualTo("jdbc:postgresql://env-db/orgexport");
        assertThat(configuration.require(Settings.DATABASE_USER)).isEqualTo("from-file");
    }

    @Test
    void unset_settings_take_their_documented_default_or_are_absent() {
        Configuration configuration = Configuration.load(null, Map.of());

        assertThat(configuration.require(Settings.DATABASE_USER)).isEqualTo("orgexport");
        assertThat(configuration.getDuration(Settings.WORKER_LEASE)).isEqualTo(Duration.ofMinutes(2));
        assertThat(configuration.get(Settings.DATABASE_PASSWORD)).isEmpty();
        assertThatThrownBy(() -> configuration.require(Settings.DATABASE_URL))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.url").hasMessageContaining("ORGEXPORT_DATABASE_URL");
    }

    @Test
    void an_invalid_value_names_the_key_the_rule_and_where_it_came_from() throws IOException {
        Path file = write("orgexport.conf", "worker.page-size = 1000\n", "worker.lease = two minutes\n");
        Configuration configuration = Configuration.load(file, Map.of("ORGEXPORT_WORKER_CONCURRENCY", "lots"));

        assertThatThrownBy(() -> configuration.getInt(Settings.WORKER_PAGE_SIZE, 1, 500))
                .hasMessage("worker.page-size must be between 1 and 500, but was '1000' (from " + file + ":1)");
        assertThatThrownBy(() -> configuration.getDuration(Settings.WORKER_LEASE))
                .hasMessageContaining("worker.lease must be an ISO-8601 duration").hasMessageContaining(file + ":2");
        assertThatThrownBy(() -> configuration.getInt(Settings.WORKER_CONCURRENCY, 1, 256))
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
        assumeTrue(System.getenv(Settings.DATABASE_URL.environmentVariable()) == null,
                "ORGEXPORT_DATABASE_URL is set in this environment");
        Path file = write("orgexport.conf", "database.user = orgexport\n");

        CliRun.Result result = CliRun.run("runs", "--config", file.toString());

        assertThat(result.exitCode()).as(result.printed()).isEqualTo(1);
        assertThat(result.err()).as(result.printed()).isEqualTo("orgexport: setting database.url is required: set it in the "
                + "configuration file or as ORGEXPORT_DATABASE_URL\n");
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(directory.resolve(name), String.join("", lines));
    }
}
