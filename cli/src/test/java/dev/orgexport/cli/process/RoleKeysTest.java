package dev.orgexport.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.cli.config.Catalogue;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.DatabaseBinding;
import dev.orgexport.cli.config.DatabaseKeys;
import dev.orgexport.cli.config.Key;
import dev.orgexport.cli.config.KafkaKeys;
import dev.orgexport.cli.config.OrchestratorBinding;
import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.cli.config.Role;
import dev.orgexport.cli.config.ValueType;
import dev.orgexport.platform.secret.SecretResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each role reads exactly the keys the catalogue says it reads, through the same code its
 * command runs, and every one of them changes what that role is configured with: no key is
 * documented but ignored, none is read but undocumented.
 */
class RoleKeysTest {

    private static final SecretResolver SECRETS = SecretResolver.of(Map.of("PGPASSWORD", "pw", "OTHER", "other-pw"));
    private static final Map<String, String> BASE = Map.of("ORGEXPORT_DATABASE_URL", "jdbc:postgresql://db/orgexport",
            "ORGEXPORT_DATABASE_PASSWORD", "env:PGPASSWORD");

    /** What each role builds from its configuration, exactly as its command does. */
    private static final Map<Role, Function<Configuration, Object>> READERS = Map.of(
            Role.ORCHESTRATOR, c -> OrchestratorCommand.Plan.read(c, SECRETS),
            Role.WORKER, c -> WorkerCommand.Plan.read(c, SECRETS),
            Role.OPERATOR, c -> List.of(DatabaseBinding.config(c, SECRETS), OrchestratorBinding.registry(c),
                    PlatformConfiguration.from(c)));

    @Test
    void every_role_reads_exactly_the_keys_the_catalogue_gives_it() {
        for (Role role : Role.values()) {
            Configuration configuration = Configuration.load(null, BASE);
            READERS.get(role).apply(configuration);

            Set<String> expected = new HashSet<>(Catalogue.namesFor(role));
            if (role != Role.OPERATOR) {
                expected.add(KafkaKeys.PROPERTIES_PREFIX + "*");
            }
            assertThat(configuration.readKeys()).as("keys read by %s", role).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void every_key_of_a_role_changes_what_that_role_is_configured_with() {
        List<String> ignored = new ArrayList<>();
        for (Role role : Role.values()) {
            Object defaults = READERS.get(role).apply(Configuration.load(null, BASE));
            for (Key<?> key : Catalogue.all()) {
                if (!key.roles().contains(role)) {
                    continue;
                }
                Map<String, String> environment = new HashMap<>(BASE);
                environment.put(key.environmentVariable(), alternative(key));
                Object changed = READERS.get(role).apply(Configuration.load(null, environment));
                if (changed.equals(defaults)) {
                    ignored.add(role + " ignores " + key.name() + " = " + alternative(key));
                }
            }
        }
        assertThat(ignored).isEmpty();
    }

    /** A valid value other than the default (or the base configuration's value). */
    private static String alternative(Key<?> key) {
        Map<String, String> special = Map.of("database.url", "jdbc:postgresql://other/orgexport",
                "database.password", "env:OTHER", "log.level", "DEBUG", "platform.http.version", "HTTP_2",
                "worker.id", "worker-7", "platform.base-url", "http://127.0.0.1:1/{region}",
                "platform.additional-regions", "xx-east-1=example.com", "platform.audit.service-name", "PeoplePermissions",
                "console.auth.token", "env:CONSOLE_TOKEN", "console.auth.basic", "file:/etc/orgexport/console-users");
        if (special.containsKey(key.name())) {
            return special.get(key.name());
        }
        String text = key.defaultText();
        if (key.type() == ValueType.INTEGER) {
            return String.valueOf(Integer.parseInt(text) + 1);
        }
        if (key.type() == ValueType.DECIMAL) {
            return String.valueOf(Double.parseDouble(text) * 0.9);
        }
        if (key.type() == ValueType.BOOLEAN) {
            return String.valueOf(!Boolean.parseBoolean(text));
        }
        if (key.type() == ValueType.DURATION) {
            Duration value = ValueType.DURATION.parse(text);
            return (value.isZero() ? Duration.ofSeconds(1) : value.plus(value.dividedBy(10))).toString();
        }
        return text + "x";
    }

    @Test
    void the_database_keys_are_read_by_every_role() {
        for (Role role : Role.values()) {
            assertThat(Catalogue.namesFor(role)).contains(DatabaseKeys.URL.name(), DatabaseKeys.PASSWORD.name());
        }
    }
}
