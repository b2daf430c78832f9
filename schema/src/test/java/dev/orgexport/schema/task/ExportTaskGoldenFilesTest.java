package dev.orgexport.schema.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden ExportTask payloads: what producers wrote must stay readable by every later worker.
 * {@code roundtrip/} files are exactly what this version writes; {@code compatible/} files come
 * from other producers (extra fields, other formatting) and read into the expected task.
 */
class ExportTaskGoldenFilesTest {

    private final TaskCodec codec = new TaskCodec();

    static List<Path> roundtripFiles() throws IOException, URISyntaxException {
        return goldenFiles("roundtrip", ".json");
    }

    static List<Path> compatibleFiles() throws IOException, URISyntaxException {
        return goldenFiles("compatible", "-producer.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundtripFiles")
    void every_golden_task_reads_and_writes_back_identically(Path file) throws IOException {
        String golden = Files.readString(file, StandardCharsets.UTF_8).strip();

        ExportTask task = codec.read(golden.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(codec.write(task), StandardCharsets.UTF_8)).isEqualTo(golden);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatibleFiles")
    void tasks_from_newer_producers_read_with_unknown_fields_ignored(Path file) throws IOException {
        Path expectedFile = file.resolveSibling(file.getFileName().toString().replace(".json", ".expected.json"));

        ExportTask task = codec.read(Files.readAllBytes(file));

        assertThat(new String(codec.write(task), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8).strip());
    }

    private static List<Path> goldenFiles(String folder, String suffix) throws IOException, URISyntaxException {
        Path dir = Path.of(ExportTaskGoldenFilesTest.class.getResource("/golden/export-task/" + folder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            assertThat(found).as("golden files in " + dir).isNotEmpty();
            return found;
        }
    }
}
