package dev.orgexport.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildClasspathTest {

    @TempDir
    Path dir;

    @Test
    void a_manifest_only_booter_jar_is_expanded_into_the_entries_it_names() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("target/test-classes"));
        Path libraryJar = manifestJar(Files.createDirectories(dir.resolve("repo/my lib")).resolve("lib.jar"), null);
        // Booters name entries by relative or absolute URL; spaces arrive percent-encoded.
        Path booter = manifestJar(Files.createDirectories(dir.resolve("target/surefire")).resolve("booter.jar"),
                "../test-classes/ " + libraryJar.toUri());

        Set<Path> entries = new LinkedHashSet<>();
        ChildClasspath.addExpanded(booter, entries);

        assertThat(entries).containsExactly(booter, classes, libraryJar);
    }

    @Test
    void this_jvm_yields_a_class_path_that_contains_the_broker() {
        String classpath = ChildClasspath.forBroker();

        assertThat(classpath).contains("kafka_2.13-").contains("kafka-clients-").contains("scala-library-");
    }

    private static Path manifestJar(Path jar, String classPath) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        return jar;
    }
}
