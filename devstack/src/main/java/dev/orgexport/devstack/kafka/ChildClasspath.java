package dev.orgexport.devstack.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path a child JVM needs to run the broker: this JVM's class path with manifest-only
 * jars expanded (Surefire and Failsafe start tests from a "booter" jar whose manifest
 * {@code Class-Path} names the real entries), plus the URLs of any {@link URLClassLoader} that
 * loaded this class (exec:java and similar launchers).
 */
public final class ChildClasspath {

    private ChildClasspath() {
    }

    /** The class path for a child JVM whose main class is {@code main} (a test's child worker, say). */
    public static String forMain(Class<?> main) {
        return derive(main);
    }

    /**
     * @throws IllegalStateException when the result cannot load the broker's main class
     */
    static String forBroker() {
        return derive(kafka.Kafka.class);
    }

    private static String derive(Class<?> main) {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                addExpanded(Paths.get(entry).toAbsolutePath().normalize(), entries);
            }
        }
        for (ClassLoader loader = ChildClasspath.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader) {
                for (URL url : ((URLClassLoader) loader).getURLs()) {
                    addExpanded(toPath(url), entries);
                }
            }
        }
        Path mainSource = codeSource(main);
        if (!entries.contains(mainSource)) {
            throw new IllegalStateException("the class path derived for a child JVM does not contain "
                    + mainSource + " (where " + main.getName() + " was loaded from); derived: " + entries);
        }
        return join(entries);
    }

    /** Adds the entry, then (for a jar) the entries of its manifest Class-Path, recursively. */
    static void addExpanded(Path entry, Set<Path> entries) {
        if (!entries.add(entry) || !Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return;
        }
        for (Path referenced : manifestClassPath(entry)) {
            addExpanded(referenced, entries);
        }
    }

    static String join(Set<Path> entries) {
        List<String> parts = new ArrayList<>();
        entries.forEach(p -> parts.add(p.toString()));
        return String.join(File.pathSeparator, parts);
    }

    private static List<Path> manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            // Entries are URLs relative to the jar's directory (absolute file: URLs also resolve).
            URI base = jar.getParent().toUri();
            List<Path> paths = new ArrayList<>();
            for (String relative : classPath.trim().split("\\s+")) {
                paths.add(Paths.get(base.resolve(relative)).normalize());
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the manifest of class path entry " + jar, e);
        }
    }

    private static Path codeSource(Class<?> type) {
        return toPath(type.getProtectionDomain().getCodeSource().getLocation());
    }

    private static Path toPath(URL url) {
        try {
            return Paths.get(url.toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("class path URL is not a valid URI: " + url, e);
        }
    }
}
