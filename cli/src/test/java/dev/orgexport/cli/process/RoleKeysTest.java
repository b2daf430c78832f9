package dev.orgexport.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.cli.config.Catalogue;
import dev.orgexport.cli.config.ConfigException;
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

    /**
     * Configurations each role is read under: the defaults, plus one per choice that makes a role
     * read more keys (the S3 sink). Every key must be read, and make a difference, in at least one.
     */
    private static final Map<Role, List<Map<String, String>>> VARIANTS = Map.of(
            Role.ORCHESTRATOR, List.of(BASE),
            Role.OPERATOR, List.of(BASE),
            Role.WORKER, List.of(BASE, with(BASE, Map.of("ORGEXPORT_WORKER_SINK", "s3",
                    "ORGEXPORT_WORKER_S3_BUCKET", "exports", "ORGEXPORT_WORKER_S3_SSE", "aws:kms",
                    "ORGEXPORT_WORKER_S3_ACCESS_KEY_ID", "env:AK", "ORGEXPORT_WORKER_S3_SECRET_ACCESS_KEY", "env:SK"))));

    @Test
    void every_role_reads_exactly_the_keys_the_catalogue_gives_it() {
        for (Role role : Role.values()) {
            Set<String> read = new HashSet<>();
            for (Map<String, String> variant : VARIANTS.get(role)) {
                Configuration configuration = Configuration.load(null, variant);
                READERS.get(role).apply(configuration);
                read.addAll(configuration.readKeys());
            }

            Set<String> expected = new HashSet<>(Catalogue.namesFor(role));
            if (role != Role.OPERATOR) {
                expected.add(KafkaKeys.PROPERTIES_PREFIX + "*");
            }
            assertThat(read).as("keys read by %s", role).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void every_key_of_a_role_changes_what_that_role_is_configured_with() {
        List<String> ignored = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Key<?> key : Catalogue.all()) {
                if (key.roles().contains(role) && !changesSomething(role, key)) {
                    ignored.add(role + " ignores " + key.name() + " = " + alternative(key));
                }
            }
        }
        assertThat(ignored).isEmpty();
    }

    /** Whether, in a variant that reads the key, its alternative value gives the role another configuration. */
    private static boolean changesSomething(Role role, Key<?> key) {
        for (Map<String, String> variant : VARIANTS.get(role)) {
            Configuration base = Configuration.load(null, variant);
            Object defaults = READERS.get(role).apply(base);
            if (!base.readKeys().contains(key.name())) {
                continue;
            }
            Map<String, String> environment = with(variant, Map.of(key.environmentVariable(), alternative(key)));
            if (key.name().equals("worker.sink") && !variant.containsKey("ORGEXPORT_WORKER_S3_BUCKET")) {
                environment.put("ORGEXPORT_WORKER_S3_BUCKET", "exports");
            }
            try {
                if (!READERS.get(role).apply(Configuration.load(null, environment)).equals(defaults)) {
                    return true;
                }
            } catch (ConfigException refusedHere) {
                // e.g. an S3 key with the file sink: refused, not ignored; another variant must take it
            }
        }
        return false;
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(more);
        return all;
    }

    /** A valid value other than the default (or the base configuration's value). */
    private static String alternative(Key<?> key) {
        Map<String, String> special = new HashMap<>(Map.of("database.url", "jdbc:postgresql://other/orgexport",
                "database.password", "env:OTHER", "log.level", "DEBUG", "platform.http.version", "HTTP_2",
                "worker.id", "worker-7", "platform.base-url", "http://127.0.0.1:1/{region}",
                "platform.additional-regions", "xx-east-1=example.com", "platform.audit.service-name", "PeoplePermissions"));
        special.putAll(Map.of("worker.sink", "s3", "worker.s3.endpoint", "http://127.0.0.1:9000",
                "worker.s3.region", "eu-west-1", "worker.s3.bucket", "other-bucket", "worker.s3.prefix", "exports/x",
                "worker.s3.sse", "AES256", "worker.s3.sse-kms-key-id", "alias/orgexport",
                "worker.s3.access-key-id", "env:AK2", "worker.s3.secret-access-key", "env:SK2"));
        if (special.containsKey(key.name())) {
            return special.get(key.name());
        }
        if (key.secret()) {
            return "env:OTHER";
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
