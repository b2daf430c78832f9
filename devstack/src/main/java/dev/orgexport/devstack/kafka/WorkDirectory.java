package dev.orgexport.devstack.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A broker's directory: either created here (and deleted on close) or given by the caller (kept). */
record WorkDirectory(Path path, boolean owned) {

    static WorkDirectory temporary(String prefix) {
        try {
            return new WorkDirectory(Files.createTempDirectory(prefix), true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory " + prefix + "*", e);
        }
    }

    static WorkDirectory given(Path path) {
        try {
            return new WorkDirectory(Files.createDirectories(path.toAbsolutePath()), false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create directory " + path, e);
        }
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    void deleteIfOwned() {
        if (!owned || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete temporary directory " + path, e);
        }
    }
}
