package dev.orgexport.cli.config;

import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.secret.SecretUnavailableException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code kafka.properties.*} passthrough: every Kafka client key given there reaches every
 * producer, consumer and admin client of the process. The secret-bearing ones
 * ({@code sasl.jaas.config}, {@code *.password}, {@code *.secret}, {@code ssl.keystore.key}) must
 * be references ({@code env:NAME}, {@code file:/path}); they are resolved here, once, at start,
 * and a literal is refused without being shown.
 */
public final class KafkaBinding {

    private static final Pattern SECRET_BEARING = Pattern.compile(
            "sasl\\.jaas\\.config|ssl\\.keystore\\.key|.*\\.password|.*\\.secret");

    private KafkaBinding() {
    }

    /** Whether a Kafka client key carries a credential, so its value must be given by reference. */
    public static boolean secretBearing(String kafkaKey) {
        return SECRET_BEARING.matcher(kafkaKey).matches();
    }

    /** The Kafka client properties, secrets resolved: never log the values of this map. */
    public static Map<String, String> clientProperties(Configuration configuration, SecretResolver secrets) {
        Map<String, String> properties = new LinkedHashMap<>();
        configuration.underPrefix(KafkaKeys.PROPERTIES_PREFIX).forEach((kafkaKey, value) -> {
            String name = KafkaKeys.PROPERTIES_PREFIX + kafkaKey;
            if (!secretBearing(kafkaKey)) {
                properties.put(kafkaKey, value.text());
                return;
            }
            SecretRef reference;
            try {
                reference = ValueType.SECRET_REFERENCE.parse(value.text());
            } catch (IllegalArgumentException e) {
                throw configuration.invalid(name, true, e.getMessage());
            }
            try {
                properties.put(kafkaKey, secrets.resolve(reference).reveal());
            } catch (SecretUnavailableException e) {
                throw new ConfigException(name + ": " + e.getMessage());
            }
        });
        return Collections.unmodifiableMap(properties);
    }
}
