package dev.orgexport.platform.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads secrets from their references, each time one is needed (once per token request), so a
 * rotated secret is picked up without a restart and nothing keeps a copy in memory between
 * requests. A file's trailing newlines are trimmed; a file that others may read is used but
 * warned about (once per path). Thread-safe.
 */
public final class SecretResolver {

    private static final Logger LOG = LoggerFactory.getLogger(SecretResolver.class);

    private final Function<String, String> environment;
    private final Set<Path> warnedPaths = ConcurrentHashMap.newKeySet();

    /** @param environment looks up an environment variable; null when unset */
    public SecretResolver(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Resolves {@code env:} against the process environment. */
    public static SecretResolver system() {
        return new SecretResolver(System::getenv);
    }

    /** Resolves {@code env:} against a fixed map, for tests and embedded use. */
    public static SecretResolver of(Map<String, String> environment) {
        Map<String, String> copy = Map.copyOf(environment);
        return new SecretResolver(copy::get);
    }

    /**
     * Reads the secret now.
     *
     * @throws SecretUnavailableException naming the reference and why, never any content
     */
    public Secret resolve(SecretRef reference) {
        Objects.requireNonNull(reference, "reference");
        return switch (reference.scheme()) {
            case ENV -> fromEnvironment(reference);
            case FILE -> fromFile(reference);
        };
    }

    private Secret fromEnvironment(SecretRef reference) {
        String value = environment.apply(reference.location());
        if (value == null) {
            throw new SecretUnavailableException(reference, "the environment variable is not set");
        }
        if (value.isEmpty()) {
            throw new SecretUnavailableException(reference, "the environment variable is empty");
        }
        return new Secret(value);
    }

    private Secret fromFile(SecretRef reference) {
        Path path = Path.of(reference.location());
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            throw new SecretUnavailableException(reference, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        warnIfReadableByOthers(reference, path);
        int end = content.length();
        while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
            end--;
        }
        if (end == 0) {
            throw new SecretUnavailableException(reference, "the file is empty");
        }
        return new Secret(content.substring(0, end));
    }

    private void warnIfReadableByOthers(SecretRef reference, Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.contains(PosixFilePermission.OTHERS_READ) && warnedPaths.add(path)) {
                LOG.warn("secret file {} is readable by other users; restrict it with chmod 600", reference);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system, or the attributes are unreadable: nothing to warn about.
        }
    }
}
